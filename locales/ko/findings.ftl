# 판정 설명: 값을 어떻게 얻었는지, 또는 왜 얻지 못했는지.
# 수치($…)는 한국어 형식(토큰 수량 318,421,502 · +29.46% · 2022년 10월 31일 · 원화는 만/억/조)으로
# 이미 바뀌어 들어온다. 여기에는 문장만 둔다. 거래소·출처 이름과 주소는 번역하지 않는다.

## 공통 낱말
yes = 예
no = 아니요
none = 없음
# 쓰인 그대로의 글 (diff가 읽어 들인 schema 1 보고서의 설명).
verbatim = { $text }
# 한 공백의 두 가지 이유.
two-reasons = { $first }; { $second }

## 공급량 수치의 출처
basis-on-chain = 온체인 측정
basis-reported = { $source } 발표치, 온체인 측정 없음

## 집계 사이트나 기술서가 밝히는 수치
figure-circulating-supply = 유통량
figure-self-reported-circulating-supply = 자체 신고 유통량
figure-total-supply = 총발행량
figure-a-max-supply = 최대 발행량
figure-a-circulation-schedule = 유통량 계획

## 공급량: 기술서의 공시
no-descriptor = 자산 기술서가 없어 공시 내용을 알 수 없음
no-descriptor-no-wallets = 자산 기술서가 없어 유통량에서 제외할 지갑을 알 수 없음
no-plan = 자산 기술서에 공시된 계획이 없음
no-contract = 기술서에 선언된 컨트랙트가 없음
no-schedule = 기술서의 계획에 유통량 일정이 없음
no-max-supply = 기술서의 계획에 최대 발행량(max_supply)이 없음
max-supply-zero = 공시된 최대 발행량이 0임
descriptor-discloses = 기술서가 { $what }을 공시함
descriptor-does-not-disclose = 기술서가 { $what }을 공시하지 않음

## 공급량: 온체인 측정
no-wallet-balance = 제외 지갑 `{ $label }`({ $chain }의 { $address }) 잔액이 없음: 체인 소스가 실패했거나 설정되지 않음
no-chain-supply = { $chain }의 { $contract } 총발행량이 없음: 체인 소스가 실패했거나 설정되지 않음
no-onchain-total = 관측된 온체인 총발행량이 없음
excluded-exceed-total = 제외 지갑 보유량 { $excluded }, 총발행량 { $total }: 보유량이 총발행량보다 많음, 지갑이 다른 체인에 잘못 등록되었을 수 있음
excluded-overflow = 제외 지갑 잔액 합계가 256비트를 넘음
total-overflow = 총발행량이 256비트를 넘음
amounts-overflow = 수량이 256비트를 넘음
zero-division = 0인 수량으로 나눔
no-aggregator-reports = { $figure }을 발표하는 집계 사이트가 없음
nothing-onchain-to-compare = { $why }, 따라서 비교할 온체인 측정값이 없음
onchain-zero = 온체인 유통량이 0이라 괴리율을 정의할 수 없음
issued-zero = 발행량이 0임
circulating-zero = 유통량이 0임
plan-zero = { $as_of }의 계획 유통량이 0이라 초과율을 정의할 수 없음
days-overflow = { $as_of }에 { $days }일을 더할 수 없음: { $error }

## 공급량: 측정값
circulating-supply = { $circulating }개, { $basis }
period-linear = { $from_date } { $from }개에서 { $to_date } { $to }개까지 선형 증가
period-by = { $date }까지
circ-plan-excess = 유통량 { $circulating }({ $basis }) 대 유통량 계획 { $planned }({ $period }): { $excess }
circ-reported-gap = { $source } { $figure } { $reported } 대 온체인 { $onchain }: 괴리 { $gap }
total-supply-excess = 발행량 { $issued }({ $basis }) 대 공시 최대 발행량 { $max }: { $excess }
circulating-ratio = 유통량 { $circulating } / 발행량 { $issued }({ $basis }) = { $ratio }
unlock-ratio = 계획상 { $date }까지 { $planned } 유통 가능, 현재 유통량 { $circulating }({ $basis })보다 { $increase } 많음: { $ratio }

## 시장: 상장과 거래 이력
no-foreign-exchange-list = 이 자산의 CoinGecko 티커에서 거래소 목록을 얻지 못함
foreign-exchange-count = 해외 거래소 { $count }곳
market-lists-unread = { $exchanges }의 마켓 목록을 읽지 못해(실패 또는 비활성) 개수가 실제보다 적을 수 있음
not-listed-krw = 원화 마켓에 상장되지 않음
listed-krw-on = 원화 마켓 상장: { $exchanges }
no-first-trade = 첫 거래일이 관측되지 않음
first-traded-at-least = 첫 거래 { $first } 이전: { $as_of } 기준 최소 { $days }일 전
first-traded = 첫 거래 { $first }, { $as_of } 기준 { $days }일 전

## 시장: 가격과 거래대금
no-usd-krw = 스냅샷에 원/달러 환율이 없음
no-usd-price = 달러 가격을 발표하는 집계 사이트가 없음
market-cap-krw = 유통량 { $circulating }({ $basis }) × { $price } × { $rate }원/달러 = { $cap }
krw-market-unknown = 원화 마켓을 알 수 없음: { $exchanges }의 마켓 목록을 읽지 못함(실패 또는 비활성)
not-traded-krw = 원화 마켓에서 거래되지 않음
no-ticker = { $exchange }의 { $market } 시세가 없음
market-cap-zero = 시가총액이 0임
daily-turnover = 원화 마켓 24시간 거래대금 { $traded } / 시가총액 { $cap } = { $ratio }
no-global-volume = 세계 24시간 거래량과 가격을 발표하는 집계 사이트가 없음
global-turnover = 세계 24시간 거래대금 { $volume } / 시가총액 { $cap }(유통량 { $circulating }, { $basis }) = { $ratio }
reference-price-zero = 해외 기준 가격이 0임
domestic-premium = { $exchange } 가격 대 해외 기준 { $reference }: { $premium }
no-change-24h = { $exchange }: 24시간 변동률 제공 없음
price-change-24h = { $exchange }에서 { $change }

## 시장: 투자유의와 주의
market-list-unread = { $exchange }의 마켓 목록을 읽지 못함
flags-unread = { $exchange }에 상장되어 있으나 유의·주의 표시를 읽지 못함
warning-designated = 투자유의 종목 지정: { $exchanges }
warning-not-ruled-out = 지정은 보이지 않으나 투자유의를 배제할 수 없음: { $gaps }
no-warning-publisher = 이 자산을 상장한 거래소 중 투자유의 지정을 공개하는 곳이 없음
no-warning = 투자유의 아님: { $exchanges }
caution-count-could-be-low = 개수가 실제보다 적을 수 있음: { $gaps }
no-caution-publisher = 이 자산을 상장한 거래소 중 주의 표시를 공개하는 곳이 없음
no-caution = 유효한 주의 표시 없음
caution-flags = { $flags }

## 평가가 덧붙이는 말
missing-data-fails = { $reason } (이 규칙은 자료 누락을 실패로 판정함)
lower-bound-unsettled = { $reason }; 하한값만 알려져 있어 이 규칙을 판정할 수 없음
