//! The wasm face: the only file that knows about wasm-bindgen.
//!
//! A few calls that take strings or plain objects and return serde structs.
//! Every span that crosses to JavaScript is converted here, once, from byte
//! offsets to UTF-16 code units.
