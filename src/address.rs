//! What an address on a chain looks like, checked the same way where a descriptor is read
//! ([`crate::inputs`]) and before a node is asked ([`crate::source`]): an EVM address is `0x` and
//! 40 hex digits, a Solana address 32 bytes in base58.

/// One chain kind's address format: its check, and what it expects, for an error that says.
pub struct Format {
    pub matches: fn(&str) -> bool,
    /// "EVM address (0x and 40 hex digits)".
    pub expected: &'static str,
}

pub const EVM: Format = Format {
    matches: is_evm,
    expected: "EVM address (0x and 40 hex digits)",
};

pub const SOLANA: Format = Format {
    matches: is_solana,
    expected: "Solana address (32 bytes in base58: 32 to 44 characters)",
};

/// `0x` (or `0X`) and 40 hex digits.
pub fn is_evm(address: &str) -> bool {
    address.len() == 42
        && (address.starts_with("0x") || address.starts_with("0X"))
        && address[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// 32 bytes in base58 (32 to 44 characters): what a node takes as a Solana public key. A
/// string of base58 characters that makes more or fewer bytes is refused by the node, and in a
/// `getMultipleAccounts` call it would fail the other accounts asked with it.
pub fn is_solana(address: &str) -> bool {
    base58_length(address) == Some(32)
}

/// The digits of base58, Bitcoin's alphabet.
pub(crate) const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// How many bytes `text` decodes to in base58, or `None` when it is not base58.
fn base58_length(text: &str) -> Option<usize> {
    // Little-endian bytes of the number; each leading `1` is a zero byte of its own.
    let mut number: Vec<u8> = Vec::new();
    for byte in text.bytes() {
        let mut carry = u32::try_from(BASE58.iter().position(|b| *b == byte)?).ok()?;
        for digit in &mut number {
            carry += u32::from(*digit) * 58;
            *digit = carry.to_le_bytes()[0];
            carry >>= 8;
        }
        while carry > 0 {
            number.push(carry.to_le_bytes()[0]);
            carry >>= 8;
        }
    }
    let zeros = text.bytes().take_while(|b| *b == b'1').count();
    Some(zeros + number.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_solana_address_is_32_bytes_in_base58() {
        assert!(is_solana("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"));
        assert!(is_solana("11111111111111111111111111111111"));
        for bad in [
            "",
            "0x00000000219ab540356cBB839Cbe05303d7705Fa",
            // `O` is not base58.
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1O",
            // 44 base58 characters that make 33 bytes.
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            // 32 base58 characters that make 23 bytes.
            "22222222222222222222222222222222",
        ] {
            assert!(!is_solana(bad), "{bad}");
        }
    }

    #[test]
    fn an_evm_address_is_0x_and_40_hex_digits() {
        assert!(is_evm("0x00000000219ab540356cBB839Cbe05303d7705Fa"));
        for bad in [
            "",
            "0x1234",
            "0x00000000219ab540356cBB839Cbe05303d7705F",
            "0x00000000219ab540356cBB839Cbe05303d7705Fg",
            "00000000219ab540356cBB839Cbe05303d7705Fa00",
            "0xzz000000219ab540356cBB839Cbe05303d7705Fa",
        ] {
            assert!(!is_evm(bad), "{bad}");
        }
    }
}
