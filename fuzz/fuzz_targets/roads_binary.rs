//! The binary graph loader. Half the inputs are taken as they are (header checks); the other
//! half get a valid header with the right length and checksum put in front, so that the fuzzer
//! reaches the payload checks (indexes, ranks, shortcuts) behind the CRC.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zouhang::roads::{read_network, MAGIC, VERSION};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, payload)) = data.split_first() else {
        let _ = read_network(data);
        return;
    };
    if mode & 0x80 == 0 {
        let _ = read_network(data);
        return;
    }
    let mut file = MAGIC.to_vec();
    file.extend_from_slice(&VERSION.to_le_bytes());
    file.extend_from_slice(&u32::from(mode & 1).to_le_bytes());
    file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    file.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    file.extend_from_slice(&0u32.to_le_bytes());
    file.extend_from_slice(payload);
    if let Ok(net) = read_network(&file) {
        assert!(net.graph().node_count() <= payload.len());
    }
});
