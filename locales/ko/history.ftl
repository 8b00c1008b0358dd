# 이력: 한 자산의 실행 기록(`listingcheck history ASSET`)과 유통량 계획 대비 추세의 예측.
# 수치($…)는 이미 한국어 형식으로 바뀌어 들어온다.

history-heading = { $asset }, { $standard } 기준: { $from }부터 { $to }까지 { $runs }회 기록(이력 { $database })
history-empty = 조건에 맞는 { $asset } 기록이 없음(이력 { $database }).

## 열 제목
history-column-date = 기준일
history-column-verdict = 판정
history-column-measured = 유통량
history-column-planned = 계획 유통량
history-column-excess = 계획 대비
history-column-not-passing = 미충족 규칙
history-column-value = { $rule } 값
history-column-status = { $rule } 판정

## 날짜 뒤 표시
history-sample-note = * 실제 수집이 아닌 listingcheck 동봉 예시 자료로 실행한 기록.
history-incomplete-note = ! 일부 출처 수집에 실패한 실행으로, 일부 결과는 판정 불가.

## 예측: 항상 예측임을 밝히며 판정이 아님
history-projection = 예측(판정 아님): 최근 { $days }일 추세(기록 { $points }회, 계획 대비 하루 { $slope })가 이어지면 { $crossings }.
history-warns-on = { $date }에 { $rule } 기준 근접 구간({ $bound })에 들어섬
history-fails-on = { $date }에 { $rule } 부적합 기준({ $bound })을 넘음
history-warns-already = 추세선이 이미 { $rule } 기준 근접 구간({ $bound })에 들어섰음
history-fails-already = 추세선이 이미 { $rule } 부적합 기준({ $bound })을 넘었음
history-above = { $limit } 초과
history-below = { $limit } 미만
history-too-few = 예측(판정 아님): 없음. 최근 { $days }일 중 유통량 계획과 비교할 수 있는 기록이 { $points }회뿐이며, 추세를 보려면 { $needed }회 이상 필요함.
history-flat = 예측(판정 아님): 최근 { $days }일 추세(기록 { $points }회, 계획 대비 하루 { $slope })로는 10년 안에 { $rule } 기준에 이르지 않음.
history-receding = 예측(판정 아님): 최근 { $days }일(기록 { $points }회, 계획 대비 하루 { $slope }) 유통량이 계획 쪽으로 돌아오고 있어 { $rule } 기준에서 멀어지는 중.
history-no-plan = 예측 없음: 유통량 계획을 공시하지 않은 자산.
history-no-rule = 예측 없음: 기준에 circulation_plan_excess 규칙이 없어 비교할 기준값이 없음.
