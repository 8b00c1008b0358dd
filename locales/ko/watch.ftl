# 감시 알림(`listingcheck watch`): 각 알림의 `text`이며 Slack에 그대로 보입니다. 수치($…)는 한국어
# 형식으로 들어오고, $before와 $now는 판정 이름입니다.

watch-raised = { $symbol }: { $rule } 판정이 바뀌었습니다({ $before } → { $now }, 측정값 { $value }). { $moved }
watch-worsened = { $symbol }: { $rule } 판정이 악화되었습니다({ $before } → { $now }, 측정값 { $value }). { $moved }
watch-resolved = { $symbol }: { $rule } 판정이 회복되었습니다({ $before } → { $now }, 측정값 { $value }). { $moved }
watch-wallets-moved = 직전 조회 이후 잔고가 움직인 유통량 제외 지갑: { $wallets }.
watch-no-wallet-moved = 직전 조회 이후 잔고가 움직인 유통량 제외 지갑은 없습니다.
watch-wallet-moved = { $label }({ $address }) { $change }
watch-cannot-see = { $source } 노드가 { $polls }회 연속 응답하지 않아 { $assets } 자산의 유통량·발행량 규칙을 감시하지 못하고 있습니다.
watch-can-see-again = { $source } 노드가 다시 응답합니다. { $assets } 자산의 감시를 재개합니다.
watch-holders-changed = { $symbol }: { $chain } { $contract }의 추가 발행·업그레이드·동결 권한 보유자가 바뀜: 이전 { $before }, 현재 { $now }.
