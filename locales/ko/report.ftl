# 판정 설명을 둘러싼 말: 이름, 표의 열 제목, 제목과 요약(check, compare, diff, standards diff,
# sweep). 수치는 이미 한국어 형식으로 바뀌어 들어온다.

## 이름
verdict-pass = 적합
verdict-warn = 기준 근접
verdict-fail = 부적합
verdict-unknown = 판정 불가
verdict-waived = 예외 인정
not-checked = 점검 대상 아님
severity-block = 차단
severity-warn = 검토
severity-info = 참고
status-draft = 초안
status-adopted = 시행
status-withdrawn = 철회
exchange-upbit = 업비트
exchange-bithumb = 빗썸
exchange-coinone = 코인원
exchange-korbit = 코빗
exchange-gopax = 고팍스
# 한 거래소의 주의 지정 사유: `업비트 가격 급등락`.
caution-kind-on = { $exchange } { $kind }
caution-price-fluctuations = 가격 급등락
caution-trading-volume-soaring = 거래량 급등
caution-deposit-amount-soaring = 입금량 급등
caution-global-price-differences = 가격 차이
caution-concentration-of-small-accounts = 소수 계정 거래 집중
caution-price-sudden-fluctuation = 가격 급등락
caution-trading-volume-sudden-fluctuation = 거래량 급등
caution-deposit-amount-sudden-fluctuation = 입금량 급등
caution-price-difference-high = 가격 차이
caution-specific-account-high-transaction = 소수계좌 거래 집중
caution-exchange-trading-concentration = 거래소 거래 집중
# 어느 거래소가 지정했든 같은 시장 사건의 종류.
caution-class-price = 가격 급등락
caution-class-volume = 거래량 급등
caution-class-deposits = 입금량 급등
caution-class-global-price-gap = 가격 차이
caution-class-small-accounts = 소수 계정 거래 집중
caution-class-exchange-concentration = 거래소 거래 집중

## 무엇을 무엇에 대어 보았는지
# 표시 이름 뒤 공백은 열 맞춤용(10칸): 이어지는 줄이 같은 칸에서 시작한다.
inputs-standard = 기준:     { $id } { $version }({ $status }) — { $title }
inputs-snapshot = 스냅샷:   { $path }, { $taken } 수집
inputs-snapshot-sample = 스냅샷:   { $path }, { $taken } 수집 — 예시 데이터이며 실제 수집 자료가 아님
inputs-as-of = 기준일:   { $date }
incomplete-unnamed = 불완전: 스냅샷이 불완전하다고 표시되어 있으나 실패한 출처가 기록되지 않음
incomplete-sources = 불완전: 출처 { $count }곳 수집 실패: { $failures }

## 개수
one-asset = 자산 1개
n-assets = 자산 { $count }개
one-result = 결과 1건
n-results = 결과 { $count }건
check-summary = { $assets }, { $results }: 적합 { $pass }건, 기준 근접 { $warn }건, 부적합 { $fail }건(차단 { $blocking }건), 판정 불가 { $unknown }건, 예외 인정 { $waived }건
nothing-checked = 어느 자산에도 적용된 규칙이 없어 아무것도 점검하지 않음: 규칙의 `applies_to`를 확인할 것.
no-findings = 지적 사항 없음: 모든 결과가 적합.

## 예외 인정(waiver)
waiver-expiring = 예외 인정 { $asset } / { $rule }: { $expires } 만료({ $days }일 남음)
waiver-expired = 예외 인정 { $asset } / { $rule }: { $expires }에 만료되어 원래 결과를 그대로 둠
waiver-not-needed = 예외 인정 { $asset } / { $rule }: 결과가 부적합이 아니어서 필요 없음
waiver-unmatched = 예외 인정 { $asset } / { $rule }: 이번 점검에서 해당하는 결과가 없음(오타이거나 자산·규칙이 없어짐)
not-known = 알 수 없음

## 제목
title-check = 거래지원 기준 점검: { $id } { $version }
title-comparison = 기준안 비교: { $a_id } { $a_version } → { $b_id } { $b_version }
title-standards-diff = 기준 조문 비교: { $a_id } { $a_version } → { $b_id } { $b_version }
title-sweep = 기준값 민감도 분석: { $rule } `{ $bound }`
title-run-diff = 지난 실행 이후 달라진 점
title-coverage = { $path }의 공시 자료 현황: 자산 정보 파일, 유통량 계획, 유통량 제외 지갑 중 하나라도 없는 거래지원 자산(시가총액 순)
coverage-summary = 거래지원 자산 { $listed }개 중 { $gaps }개의 공시 자료가 갖추어지지 않음. 이들 자산의 공시 관련 규칙은 '판정 불가'로 나옴.
coverage-complete = 거래지원 자산 { $listed }개 모두 자산 정보 파일, 유통량 계획, 유통량 제외 지갑을 갖춤.
heading-assets = 자산
heading-findings = 지적 사항
heading-findings-listed = 지적 사항(적합 결과는 생략; --all로 모두 표시)
heading-all-results = 모든 결과
heading-evidence = 근거
heading-waivers = 예외 인정
heading-rules-paired = 규칙별 비교(규칙 ID 기준)
heading-every-asset = 모든 자산
heading-assets-changing = 판정이 달라지는 자산(변동 없음 { $unchanged }개; --all로 모두 표시):
heading-assets-changing-short = 판정이 달라지는 자산
heading-sweep-changes = 새로 부적합이 되는(+) 자산과 부적합에서 벗어나는(−) 자산
heading-new-failures = 새 부적합 { $count }건(차단 { $blocking }건)
heading-new-unknowns = 새 판정 불가 { $count }건(자료 누락)
heading-resolved = 해소된 부적합 { $count }건
heading-other-changes = 그 밖의 판정 변화 { $count }건
heading-moved = { $points }%p(비율) 또는 { $percent }%(그 밖의 수치)보다 크게 움직인 값({ $count }건)

## 열 제목
col-asset = 자산
col-rule = 규칙
col-status = 판정
col-severity = 심각도
col-value = 측정값
col-threshold = 기준값
col-detail = 설명
col-verdict = 판정
col-deciding-rules = 판정 근거 규칙
col-was = 이전
col-now = 현재
col-value-change = 측정값(이전 → 현재)
col-old = 이전
col-new = 현재
col-change = 변화
col-a-to-b = A → B
col-results-changed =
    달라진
    결과
col-assets-flipped =
    판정이 바뀐
    자산
col-under-a = A 기준
col-under-b = B 기준
col-flipped-by = 판정을 바꾼 규칙(값: A → B)
col-field = 항목
col-a = A
col-b = B
col-direction = 방향
col-fail = 부적합
col-warn = 기준 근접
col-pass = 적합
col-unknown = 판정 불가
col-waived = 예외 인정
col-draft = 기준안
col-failing = 부적합 비율
col-market-cap = 시가총액
col-descriptor = 자산 정보 파일
col-plan = 유통량 계획
col-excluded-wallets = 유통량 제외 지갑
coverage-present = 있음
coverage-missing = 없음

## 점검 결과의 줄
status-waived = 예외 인정({ $would_be }, { $expires }까지)
one-more-asset = 자산 1개
n-more-assets = 자산 { $count }개
more-pass = 그 밖의 { $assets }는 모든 규칙에 적합(--all로 모두 표시).
every-asset-passes = 모든 자산이 적합.
no-observation = 확인된 관측값 없음
evidence-at = { $time } 수집
evidence-at-cached = { $time } 수집(캐시 { $age }초 경과)
note-line = 참고: { $text }
waiver-line = 예외 인정: { $text }
none-listed = 없음.

## 기준안 비교와 조문 비교
standard-side = { $label }: { $id } { $version }({ $status }) — { $path }
comparison-as-of = 기준일: { $date }
comparison-summary = 자산 { $assets }개: A 기준 부적합 { $failing_a }개, B 기준 { $failing_b }개; 새로 부적합 { $newly_failing }개, 부적합 해소 { $newly_passing }개, 그 밖의 판정 변화 { $other }개, 변동 없음 { $unchanged }개
metadata-line = 기준 정보: { $change }
unchanged-assets-note = 자산 { $count }개는 판정이 같음; `--all`로 모두 표시.
flip-side = { $threshold } 기준 { $outcome }
verdict-change-newly-failing = 새로 부적합
verdict-change-newly-passing = 부적합 해소
verdict-change-changed = 판정 변화
verdict-change-unchanged = 변동 없음
change-added = 추가
change-removed = 삭제
change-changed = 변경
change-unchanged = 변동 없음
change-reworded = 문구 수정
field-rule = 규칙
direction-stricter = 강화
direction-looser = 완화
rule-summary = { $metric } { $thresholds }({ $severity }, 자료 누락 시: { $when_missing })
fields-reworded = { $fields } 문구 수정
rule-counts = 규칙: 추가 { $added }, 삭제 { $removed }, 변경 { $changed }, 변동 없음 { $unchanged }
standards-same = 두 기준의 규칙과 기준 정보가 같음.
unchanged-rules = 변동 없음: { $rules }
reworded-note = 문구가 수정된 항목은 이름만 표시; --all로 전문을 인용.

## 기준값 변화 분석
sweep-of = { $id } { $version }의 { $rule } `{ $bound }`({ $title }, { $metric }) 기준값 민감도 분석
sweep-snapshot = 스냅샷: { $path }, { $taken } 수집; 기준일 { $date }; 규칙 적용 대상 자산 { $assets }개
sweep-snapshot-sample = 스냅샷: { $path }, { $taken } 수집 — 예시 데이터; 기준일 { $date }; 규칙 적용 대상 자산 { $assets }개
sweep-draft-at = { $bound } = { $value } → 자산 { $assets }개 중 { $fail }개 부적합
sweep-step-changes = { $value }: { $changes }

## 실행 간 비교
run-side = { $label }: { $id } { $version }, { $path }({ $taken } 수집, 기준일 { $date })
run-side-sample = { $label }: { $id } { $version }, { $path }({ $taken } 수집, 기준일 { $date }) — 예시 데이터
run-diff-summary = 새 부적합 { $new_failures }건(차단 { $blocking }건), 해소 { $resolved }건, 새 판정 불가 { $new_unknowns }건, 그 밖의 변화 { $other }건, 크게 움직인 값 { $moved }건, 신규 거래지원 { $listed }개, 거래지원 종료 { $delisted }개, 예외 인정 알림 { $waivers }건
run-diff-summary-not-seen = { $summary }; 확인되지 않은 자산 { $count }개(마켓 목록을 수집하지 못함)
no-run-changes = 두 실행 사이에 달라진 점 없음.
new-asset = 새 자산
listed-since = 이전 실행 이후 신규 거래지원: { $assets }
delisted-since = 이전 실행 이후 거래지원 종료: { $assets }
not-seen-in-new = 현재 실행에서 보이지 않음(마켓 목록을 모두 수집하지 못해 거래지원 종료로 단정할 수 없음): { $assets }
note-unread-market-lists = 현재 실행이 { $exchanges }의 마켓 목록을 수집하지 못함: 현재 실행에 없는 자산도 그곳에서 거래지원 중일 수 있어 이전 실행의 자산 { $count }개를 거래지원 종료가 아닌 미확인으로 분류함
note-standards-differ = 이전 실행은 { $old_id } { $old_version }, 현재 실행은 { $new_id } { $new_version } 기준을 적용함: 일부 변화는 자료가 아니라 기준에서 비롯됨
note-new-before-old = 현재 스냅샷({ $new })이 이전 스냅샷({ $old })보다 먼저 수집됨: 인자 순서를 확인할 것
note-source-failed = 현재 실행: 출처 { $source } 수집 실패({ $error }); 이 자료가 필요한 결과는 판정 불가
note-first-run = 이 스냅샷 디렉터리에 이전 실행이 없음: 이번 실행이 기준선이므로 모든 부적합이 새 부적합으로 집계됨
note-previous-incomplete = 이전 실행 보고서 { $path }는 건너뜀: 자료가 불완전함(출처 수집 실패)

## JUnit
junit-fail-not-blocking = 부적합({ $severity } 규칙, 차단 아님): 측정값 { $value }, 기준값 { $threshold } 위반; { $detail }
junit-fail-body =
    측정값: { $value }
    기준값: { $threshold }
    설명: { $detail }
junit-evidence = 근거: { $what } = { $value }({ $source } { $endpoint }, { $time } 수집)
junit-fail-message = { $rule } 부적합({ $severity } 규칙): 측정값 { $value }, 기준값 { $threshold } 위반
junit-unknown = 판정 불가: { $detail }
junit-warn = 기준 근접: 측정값 { $value }, 기준값 { $threshold }의 경고 구간; { $detail }
junit-waived = 예외 인정(원래 판정 { $would_be }), { $expires }까지, 승인: { $granted_by }: { $reason }
junit-source-failed = 출처 { $source } 수집 실패: { $error }
junit-source-body =
    엔드포인트: { $endpoint }
    자료가 빠진 자산: { $assets }
junit-incomplete = 스냅샷이 불완전하다고 표시됨
junit-incomplete-body = 빠진 자료가 필요한 결과는 판정 불가
not-listed-before = 거래지원 전
junit-change-body =
    이전: { $was }
    측정값: { $from } → { $to }
    기준값: { $threshold }
    설명: { $detail }
junit-new-blocking = { $rule } 새 차단 부적합: 측정값 { $to }, 기준값 { $threshold } 위반
junit-new-failure =
    심각도 { $severity } 규칙의 새 부적합(차단 아님)
    { $body }
junit-data-gone = 자료 사라짐: 이전 { $from }, 현재 { $now }: { $detail }
junit-resolved = 해소: 현재 { $now }

## 그 밖의 이름
# 판정 뒤의 괄호는 규칙의 심각도: "판정 불가(차단 규칙)"는 차단되었다는 뜻이 아니다.
outcome-with-severity = { $status }({ $severity } 규칙)
when-missing-unknown = 판정 불가
when-missing-fail = 부적합
run-label-old = 이전
run-label-new = 현재

## 참고 문서: standards show, metrics
sheet-standard = { $id } { $version }({ $status }) — { $title }
sheet-published = { $date } 공표
sheet-effective = { $date } 시행
sheet-supersedes = { $version } 대체
sheet-source = 출처: { $source }
applies-markets = 마켓 { $list }
applies-exchanges = 거래소 { $list }
applies-chains = 체인 { $list }
applies-assets = 자산 { $list }
applies-all = 전체
col-metric = 지표
col-missing-data = 자료 누락 시
col-applies-to = 적용 대상
col-reference-rationale = 근거 / 설명
col-unit = 단위
col-params = 매개변수
col-formula = 산식
col-needs = 필요한 자료

## HTML 화면: 알림, 그래프, 조작
banner-sample = 예시 데이터: 이 화면은 listingcheck에 포함된 예시 데이터로 만든 것이며 실제 수집 자료가 아닙니다. 거래지원 판단에 쓰지 마십시오.
banner-incomplete = 불완전한 자료: 출처 { $count }곳의 수집이 실패하여 그 자료가 필요한 결과는 판정 불가입니다. 판정 불가를 적합으로 읽지 마십시오.
heading-status-by-rule = 규칙별 판정 현황
heading-circulation = { $asset } 유통량 추이
filter-every = (전체)
col-evidence = 근거
chart-status-title = 규칙별 판정 상태의 자산 수
chart-status-caption = 막대 하나가 규칙 하나이며 판정 상태별로 나뉘어 있고, 자리가 되면 이름과 수를 적었습니다. 수치는 아래 표에 있습니다.
chart-figures = 그래프의 수치
chart-axis-assets = 자산 수(개)
chart-sweep-title-fail = { $rule } { $bound } 값에 따른 부적합 자산 수
chart-sweep-title-warn = { $rule } { $bound } 값에 따른 기준 근접 자산 수
chart-axis-threshold = { $rule } { $bound }(기준값)
chart-axis-fail = 부적합 자산 수(개)
chart-axis-warn = 기준 근접 자산 수(개)
chart-draft-mark-fail = { $label }: { $value } → 부적합 { $count }개
chart-draft-mark-warn = { $label }: { $value } → 기준 근접 { $count }개
chart-sweep-caption = 선은 기준값마다 규칙에 부적합한(기준 근접 구간의 값이면 기준 근접인) 자산 수이고, 점선은 각 기준안의 값입니다.
chart-circulation-title = { $asset }: 계획 유통량과 실제 유통량
chart-axis-date = 날짜(한국 시간)
chart-axis-tokens = 유통량(개)
chart-planned = 계획 유통량(공시)
chart-measured = 실제 유통량
chart-tolerance = 규칙의 허용 범위
chart-circulation-caption = 기록된 날짜마다 공시된 계획 대비 실제 유통량입니다. 음영은 계획 주변의 허용 범위이며 노란 부분은 기준 근접 구간입니다.
chart-drift-title = { $asset }: 계획 대비 실제 유통량 차이
chart-axis-gap = 계획 대비 초과(계획의 %)
chart-bound-fail = 부적합 기준
chart-bound-warn = 기준 근접
chart-projection = 최근 { $days }일 추세의 추정이며 판정이 아님
chart-drift-caption = 기록된 날짜마다의 차이, 규칙의 기준, 그리고 최근 추세대로라면 차이가 향할 곳(점선): 추정일 뿐 판정이 아닙니다.
heading-history-runs = 실행 기록(한국 날짜별)
heading-threshold-curves = 바뀐 기준값이 미치는 영향
chart-warning-band = 기준 근접 구간
chart-plan-gaps-title = 자산별 계획 대비 유통량
chart-plan-gaps-caption = 막대 하나가 자산 하나이며, 공시된 계획 대비 실제 유통량이 얼마나 많은(또는 적은)지를 계획의 %로 판정과 함께 보여 줍니다. 점선은 규칙의 기준입니다(자산이 많으면 계획을 가장 많이 넘은 20개).
