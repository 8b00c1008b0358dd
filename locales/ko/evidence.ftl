# 근거: 인용한 관측값이 무엇인지, 그리고 그 자체로 문장인 수치.
# 수치($…)는 이미 한국어 형식으로 바뀌어 들어온다. 용어와 조사 규칙은 findings.ftl 머리말을 따른다.

wallet-released = 락업 해제 지갑 `{ $label }`({ $chain } { $address }) 잔액({ $until } 해제, 유통량에 포함)
wallet-locked = 유통량 제외 지갑 `{ $label }`({ $chain } { $address }) 잔액({ $until }까지 락업)
wallet-excluded = 유통량 제외 지갑 `{ $label }`({ $chain } { $address }) 잔액
total-supply-of = 컨트랙트 { $contract }({ $chain }) 총발행량
total-supply-raw = { $total }(원시값 { $raw }, 소수점 자릿수 { $decimals })
reported-figure = { $source } 제공 { $figure }(`{ $id }`)
planned-circulating = { $as_of }에 적용되는 계획 유통량({ $period })
planned-circulating-sourced = { $as_of }에 적용되는 계획 유통량({ $period }); 출처: { $source }
planned-circulating-by = { $date }까지의 계획 유통량(계획상 목표 시점 { $target })
disclosed-max-supply = 공시된 최대 발행량
descriptor-discloses-evidence = 자산 정보 파일의 { $what } 공시 여부
foreign-exchanges = 이 자산이 거래되는 해외 거래소
krw-market-on = { $exchange } 원화 마켓
first-trade-history-start = 최초 거래일(출처의 거래 기록이 이날부터 시작됨)
on-or-before = { $date } 또는 그 이전
first-trade = 최초 거래일
usd-krw-rate = 원/달러 환율
global-usd-price = { $source } 제공 글로벌 달러 시세
trade-value-24h = { $exchange } 24시간 거래대금
global-volume-24h = { $source } 제공 글로벌 24시간 거래대금
krw-price-on = { $exchange } 원화 시세
krw-price = { $price }원
change-24h-on = { $exchange } 전일 대비 등락률
investment-warning-on = { $exchange } 투자유의 종목 지정 여부
caution-flags-on = { $exchange } 주의 종목 지정 사유
plan-revision-of = { $date } 유통량 계획 변경({ $source })
market-days-of = 이 출처에서 확인된 { $first }~{ $last } 날짜 수({ $days }일 중)
market-status-on = { $exchange } 마켓의 { $field }(거래소 표기 그대로)
staking-rewards-excluded = `{ $label }`의 스테이킹 원금 { $staked }개를 넘는 스테이킹 보상(재단의 스테이킹 물량과 같이 유통량에서 제외)
staking-rewards-circulating = `{ $label }`의 스테이킹 원금 { $staked }개를 넘는 스테이킹 보상(자산 정보 파일에 따라 유통량에 포함)
