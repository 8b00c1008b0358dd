# 근거: 인용한 관측값이 무엇인지, 그리고 그 자체로 문장인 수치.
# 수치($…)는 이미 한국어 형식으로 바뀌어 들어온다.

wallet-released = `{ $label }` { $chain }의 { $address } 잔액 ({ $until }부터 유통)
wallet-locked = 제외 지갑 `{ $label }` { $chain }의 { $address } 잔액 ({ $until }까지 잠금)
wallet-excluded = 제외 지갑 `{ $label }` { $chain }의 { $address } 잔액
total-supply-of = { $chain }의 { $contract } 총발행량
total-supply-raw = { $total } (원시값 { $raw }, 소수 자릿수 { $decimals })
reported-figure = { $source } 발표 { $figure } (`{ $id }`)
planned-circulating = { $as_of } 기준 계획 유통량 ({ $period })
planned-circulating-sourced = { $as_of } 기준 계획 유통량 ({ $period }); 출처: { $source }
planned-circulating-by = { $date }까지의 계획 유통량 (목표 기한 { $target })
disclosed-max-supply = 공시된 최대 발행량
descriptor-discloses-evidence = 기술서의 { $what } 공시 여부
foreign-exchanges = 이 자산을 거래하는 해외 거래소
krw-market-on = { $exchange } 원화 마켓
first-trade-history-start = 첫 거래 (출처의 기록이 여기서 시작됨)
on-or-before = { $date } 이전
first-trade = 첫 거래
usd-krw-rate = 원/달러 환율
global-usd-price = { $source } 발표 해외 달러 가격
trade-value-24h = { $exchange } 24시간 거래대금
global-volume-24h = { $source } 발표 세계 24시간 거래량
krw-price-on = { $exchange } 원화 가격
krw-price = { $price }원
change-24h-on = { $exchange } 24시간 변동률
investment-warning-on = { $exchange } 투자유의 지정
caution-flags-on = { $exchange } 주의 표시
