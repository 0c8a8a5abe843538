//! The C ABI (`mamori_*` functions; header `include/mamori.h`). The only module with `unsafe`.
#![allow(unsafe_code)]
