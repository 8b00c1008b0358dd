# 판정 설명: 값을 어떻게 얻었는지, 또는 왜 얻지 못했는지.
# 수치($…)는 한국어 형식(토큰 수량 318,421,502 · +29.46% · 2022년 10월 31일 · 원화는 만/억/조)으로
# 이미 바뀌어 들어온다. 여기에는 문장만 둔다. 거래소·출처 이름과 주소는 번역하지 않는다.
# 용어: 유통량, 유통량 계획, 발행량·총발행량, 최대 발행량, 유통량 제외 지갑, 락업, 투자유의 종목 지정,
# 주의 종목 지정(사유), 원화 마켓, 시세, 거래대금(금액), 시가총액, 집계 사이트, 온체인 측정.
# 조사: Fluent는 받침에 따른 조사(을/를, 이/가)를 고르지 못한다. 변수 바로 뒤에는 조사를 두지 않거나,
# 값이 모두 받침으로 끝나는 경우(figure-… 낱말: 유통량, 총발행량, 최대 발행량, 유통량 계획)에만
# 을/이를 쓴다. figure-… 낱말을 바꿀 때는 받침으로 끝나게 할 것.
# 토큰 수량 뒤에는 단위 '개'를 붙인다(원화·달러 금액과 구별하기 위해).

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
basis-reported = { $source } 제공 수치, 온체인 미측정
source-issuer = 발행사
source-public-record = 공개 자료

## 집계 사이트나 기술서가 밝히는 수치
figure-circulating-supply = 유통량
figure-self-reported-circulating-supply = 프로젝트 자체 보고 유통량
figure-total-supply = 총발행량
figure-a-max-supply = 최대 발행량
figure-a-circulation-schedule = 유통량 계획

## 공급량: 기술서의 공시
no-descriptor = 자산 정보 파일이 없어 공시 내용을 알 수 없음
no-descriptor-no-wallets = 자산 정보 파일이 없어 유통량 제외 지갑을 알 수 없음
no-plan = 자산 정보 파일에 공시된 발행·유통 계획이 없음
no-contract = 자산 정보 파일에 명시된 컨트랙트가 없음
no-schedule = 공시된 계획에 시점별 유통량 계획이 없음
no-max-supply = 공시된 계획에 최대 발행량(max_supply)이 없음
max-supply-zero = 공시된 최대 발행량이 0임
descriptor-discloses = 자산 정보 파일에 { $what } 공시 있음
descriptor-does-not-disclose = 자산 정보 파일에 { $what } 공시 없음

## 공급량: 온체인 측정
no-wallet-balance = 유통량 제외 지갑 `{ $label }`({ $chain } { $address }) 잔액을 확인할 수 없음: 체인 데이터 소스 오류 또는 미설정
no-chain-supply = 컨트랙트 { $contract }({ $chain }) 총발행량을 확인할 수 없음: 체인 데이터 소스 오류 또는 미설정
no-onchain-total = 온체인 총발행량이 확인되지 않음
excluded-exceed-total = 유통량 제외 지갑 보유량 { $excluded }개가 총발행량 { $total }개보다 많음: 지갑이 다른 체인으로 잘못 등록되었을 수 있음
excluded-overflow = 유통량 제외 지갑 잔액 합계가 256비트 범위를 초과함
total-overflow = 총발행량이 256비트 범위를 초과함
amounts-overflow = 수량이 256비트 범위를 초과함
zero-division = 0인 수량으로 나눌 수 없음
no-aggregator-reports = 스냅샷에 { $figure }을 제공한 집계 사이트가 없음
nothing-onchain-to-compare = 비교할 온체인 측정값이 없음({ $why })
onchain-zero = 온체인 유통량이 0이어서 괴리율을 산출할 수 없음
issued-zero = 발행량이 0임
circulating-zero = 유통량이 0임
plan-zero = { $as_of } 기준 계획 유통량이 0이어서 초과율을 산출할 수 없음
days-overflow = { $as_of }로부터 { $days }일 후의 날짜를 계산할 수 없음: { $error }

## 공급량: 측정값
circulating-supply = { $circulating }개({ $basis })
period-linear = { $from_date } { $from }개에서 { $to_date } { $to }개까지 선형 보간
period-by = { $date }까지
circ-plan-excess = 유통량 { $circulating }개({ $basis }), 계획 유통량 { $planned }개({ $period }) 대비 { $excess }
issuer-claim-excess = 발행사 스스로 밝힌 { $figure } { $claimed }개({ $source }), 계획 유통량 { $planned }개({ $period }) 대비 { $excess }
no-issuer-claim = 발행사 스스로 밝힌 수치가 없음: 코인마켓캡이 프로젝트 자체 보고 유통량을 제공하지 않음
circ-reported-gap = { $source } 제공 { $figure } { $reported }개, 온체인 측정 유통량 { $onchain }개 대비 괴리율 { $gap }
total-supply-excess = 발행량 { $issued }개({ $basis }), 공시된 최대 발행량 { $max }개 대비 { $excess }
circulating-ratio = 유통량 { $circulating }개 / 발행량 { $issued }개({ $basis }) = { $ratio }
unlock-ratio = 유통량 계획상 { $date }까지 { $planned }개 유통 예정: 현재 유통량 { $circulating }개({ $basis }) 대비 { $increase }개 추가 유통(현재 유통량 대비 { $ratio })

## 시장: 거래지원과 거래 이력
no-foreign-exchange-list = CoinGecko 티커 정보에서 이 자산의 거래소 목록을 확인할 수 없음
foreign-exchange-count = 해외 거래소 { $count }곳
market-lists-unread = { $exchanges }의 마켓 목록을 수집하지 못해(수집 실패 또는 비활성화) 거래소 수가 실제보다 적게 집계되었을 수 있음
not-listed-krw = 원화 마켓 거래지원 종목 아님
listed-krw-on = 원화 마켓 거래지원: { $exchanges }
no-first-trade = 최초 거래일이 확인되지 않음
first-traded-at-least = 최초 거래일 { $first } 또는 그 이전: { $as_of } 기준 최소 { $days }일 경과
first-traded = 최초 거래일 { $first }: { $as_of } 기준 { $days }일 경과

## 시장: 시세와 거래대금
no-usd-krw = 스냅샷에 원/달러 환율이 없음
no-usd-price = 스냅샷에 달러 시세를 제공한 집계 사이트가 없음
market-cap-krw = 유통량 { $circulating }개({ $basis }) × 달러 시세 { $price } × 환율 { $rate }원/달러 = 시가총액 { $cap }
krw-market-unknown = 확인된 원화 마켓이 없음: { $exchanges }의 마켓 목록을 수집하지 못함(수집 실패 또는 비활성화)
not-traded-krw = 원화 마켓에서 거래되지 않음
no-ticker = { $exchange }의 { $market } 시세 정보가 없음
market-cap-zero = 시가총액이 0임
daily-turnover = 원화 마켓 24시간 거래대금 { $traded } / 시가총액 { $cap } = { $ratio }
no-global-volume = 스냅샷에 글로벌 24시간 거래대금과 달러 시세를 제공한 집계 사이트가 없음
global-turnover = 글로벌 24시간 거래대금 { $volume } / 시가총액 { $cap }(유통량 { $circulating }개, { $basis }) = { $ratio }
reference-price-zero = 해외 기준 시세가 0임
domestic-premium = { $exchange } 원화 시세의 해외 기준 시세({ $reference }) 대비 괴리율 { $premium }
no-change-24h = { $exchange }: 전일 대비 등락률 미제공
price-change-24h = { $exchange } 전일 대비 등락률 { $change }

## 시장: 투자유의 종목 지정과 주의 종목 지정
market-list-unread = { $exchange }의 마켓 목록을 수집하지 못함
flags-unread = { $exchange }에서 거래지원 중이나 투자유의·주의 종목 지정 정보를 수집하지 못함
warning-designated = 투자유의 종목 지정: { $exchanges }
warning-not-ruled-out = 확인된 투자유의 종목 지정은 없으나 지정 가능성을 배제할 수 없음: { $gaps }
no-warning-publisher = 이 자산을 거래지원하는 거래소 중 투자유의 종목 지정 여부를 API로 제공하는 곳이 없음
no-warning = 투자유의 종목 미지정: { $exchanges }
caution-count-could-be-low = 주의 종목 지정 사유 건수가 실제보다 적게 집계되었을 수 있음: { $gaps }
no-caution-publisher = 이 자산을 거래지원하는 거래소 중 주의 종목 지정 여부를 API로 제공하는 곳이 없음
no-caution = 주의 종목 미지정
# 시장 사건의 종류마다 한 번, 거래소마다의 사유 이름과 함께.
caution-kinds = { $kinds }
# 거래소마다 이름이 같으므로 사유 이름을 되풀이하지 않고 지정한 거래소만 밝힌다(원래 코드는 JSON에 남는다).
caution-kind-seen = { $kind }({ $exchanges })
caution-kind-unplaced = { $flag }

## 기록: 유통량 계획 변경과 공동 거래지원 종료
plan-revisions = { $as_of } 기준 최근 { $days }일 동안 유통량 계획 변경 { $count }회
jointly-delisted = { $exchanges } 공동 거래지원 종료({ $decided } 결정: { $reason }; { $source }), { $ended } 거래지원 종료: { $as_of } 기준 { $days }일 경과
no-joint-delisting = { $covers_from } 이후 공동 거래지원 종료 기록 없음: 최소 { $days }일 경과
delisting-history-starts-later = 공동 거래지원 종료 기록이 기준일 이후인 { $covers_from }부터 시작됨

## 기간에 걸친 지표: 좀비코인 거래지원 종료 예시
no-market-days = 자산의 일별 시세가 확인되지 않음(일별 시세 차트도, 이력 데이터베이스도 없음)
quarterly-turnover = 분기별 일평균 글로벌 거래대금 회전율: { $quarters }; 가장 높은 값 { $ratio }
no-quarter-covered = 모든 날짜가 확인된 분기가 없음: { $quarters }
quarter-turnover = { $first }~{ $last } { $ratio }({ $days }일 중 { $seen }일)
quarter-not-covered = { $first }~{ $last } 확인 부족({ $days }일 중 { $seen }일만 확인)
market-cap-high = { $first }~{ $last } 일별 글로벌 시가총액 최고치: { $usd } × 환율 { $rate }원/달러 = { $cap }({ $date }, { $days }일 중 { $seen }일 확인)
market-cap-high-part = { $first }~{ $last } 확인된 일별 글로벌 시가총액 최고치: { $usd } × 환율 { $rate }원/달러 = { $cap }({ $date }). 다만 { $days }일 중 { $seen }일만 확인되어 실제 최고치는 더 높을 수 있음
no-market-day-in-window = { $first }~{ $last } 중 확인된 날이 없음({ $days }일 중 0일)

## 평가가 덧붙이는 말
missing-data-fails = { $reason }(이 규칙은 자료 누락 시 부적합으로 판정함)
lower-bound-unsettled = { $reason }; 하한값만 확인되어 이 규칙의 충족 여부를 판정할 수 없음

## 권한: 추가 발행·업그레이드·동결 권한 보유자
power-mint = 추가 발행
power-upgrade = 컨트랙트 업그레이드
power-freeze = 동결
via-mint-authority = 발행 권한(mint authority)
via-freeze-authority = 동결 권한(freeze authority)
via-owner = 소유자(owner())
via-minter-role = MINTER_ROLE 보유자
via-proxy-admin = 프록시 관리자
via-proxy-admin-owner = ProxyAdmin 소유자
via-beacon-owner = 비콘 소유자
holder-key = 단일 키 { $address }
holder-safe = Safe { $signers }명 중 { $threshold }명 서명 { $address }
holder-spl-multisig = SPL 멀티시그 { $signers }명 중 { $threshold }명 서명 { $address }
holder-multisig = { $threshold }명 서명 멀티시그 { $address }
holder-contract = 컨트랙트 { $address }
holder-renounced = 권한 포기({ $address })
holder-none = 없음
holder-in-place = { $holder }, { $chain } { $contract }의 { $via }
powers-not-read = 컨트랙트 권한 정보를 수집하지 못함: 체인 소스 수집 실패 또는 미설정
power-unread = { $chain } { $contract }의 { $power } 권한 보유자를 수집하지 못함(체인 소스 수집 실패)
holder-unread = { $chain } { $contract }에 { $power } 기능이 있으나 호출 권한자를 수집하지 못함
guard-unknown = { $chain } { $contract }의 소유자(owner())나 역할 보유자를 찾지 못해 { $power } 권한 보유자를 알 수 없음
source-unread = { $chain } { $contract }의 소스 코드 검증 여부를 수집하지 못함(이더스캔 실패 또는 API 키 없음)
source-unverified = { $chain } { $contract }의 소스 코드가 검증되지 않아 함수 구성을 알 수 없음
source-verified = { $chain } { $contract } 소스 코드 검증됨({ $name })
source-token-program = { $chain } { $contract }는 { $name }의 민트 계정이며 프로그램 소스가 공개되어 있음
items-listed = { $items }
mint-not-upgradeable = 솔라나 민트는 토큰 프로그램의 계정이므로 발행사가 업그레이드할 수 없음
not-a-proxy = { $chain } { $contract }에 EIP-1967 슬롯이 설정되지 않음: 업그레이드 가능한 프록시가 아님
no-mint-function = { $chain } { $contract }의 검증된 ABI에 발행(mint) 함수가 없음
no-freeze-function = { $chain } { $contract }의 검증된 ABI에 일시정지·동결·블랙리스트 함수가 없음
single-key-holds = 단일 키로 { $power } 가능: { $holders }
no-single-key = 단일 키로는 { $power } 불가: { $holders }
power-undecided = { $power } 권한 보유자를 알 수 없음: { $gaps }
freeze-functions = { $chain } { $contract }에 { $functions } 함수 있음
freeze-possible = 보유자 동결 가능: { $holders }
freeze-impossible = 보유자를 동결할 수 있는 주체 없음: { $reasons }
no-powers-declared = 자산 정보 파일에 [powers] 공시가 없음
powers-differ = { $chain } { $contract }의 { $power } 권한: 공시 { $declared }, 온체인 { $observed }
powers-disagree = 온체인 권한이 공시와 다름: { $differences }
powers-chain-unread = { $chain }의 권한 정보를 수집하지 못함: 체인 소스 비활성화 또는 수집 실패
powers-match-undecided = 공시와 대조할 수 없음: { $gaps }
powers-agree = 공시된 권한 보유자 { $count }건이 온체인과 일치({ $source })
