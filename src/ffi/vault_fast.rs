//! Vault hot paths without JSON, on an open `mamori_vault *`: caller ID into a caller-provided
//! struct and buffer, and bulk import from an array of plain C structs.
//!
//! Strings go in and come out as UTF-8 spans (`mamori_str`: pointer and length, not
//! NUL-terminated). Nothing here allocates memory the caller must free.

use std::ffi::c_char;

use zeroize::Zeroize;

use super::vault::{mamori_vault, vault_ref};
use super::{FfiError, FfiResult, check_out, ffi_boundary, mamori_result};
use crate::error::Error;
use crate::vault::Contact;

/// A UTF-8 string span: `len` bytes at `ptr`, not NUL-terminated. `ptr` may be NULL only when
/// `len` is 0. As an input, `ptr == NULL` means "absent" for optional fields.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mamori_str {
    /// First byte (NULL for an absent or empty string).
    pub ptr: *const c_char,
    /// Length in bytes.
    pub len: usize,
}

impl mamori_str {
    const NONE: mamori_str = mamori_str {
        ptr: std::ptr::null(),
        len: 0,
    };
}

/// A contact id as 16 lower-case hex digits and a terminating NUL.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mamori_contact_id {
    /// `"0123456789abcdef"` and NUL.
    pub hex: [c_char; 17],
}

impl mamori_contact_id {
    fn new(id: u64) -> Self {
        let mut hex = [0 as c_char; 17];
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for (i, slot) in hex.iter_mut().take(16).enumerate() {
            let nibble = (id >> (60 - 4 * i)) & 0xf;
            *slot = DIGITS[nibble as usize] as c_char;
        }
        mamori_contact_id { hex }
    }
}

/// Caller ID written into caller-owned memory by `mamori_vault_caller_id_into`: the id, and
/// `name` and `company` as spans into the caller's buffer (`company.ptr` is NULL when the
/// contact has no company).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mamori_caller_id {
    /// The contact's id.
    pub id: mamori_contact_id,
    /// Display name (UTF-8, inside the caller's buffer).
    pub name: mamori_str,
    /// Company (UTF-8, inside the caller's buffer), or `{NULL, 0}` when absent.
    pub company: mamori_str,
}

/// Caller ID without JSON or allocation on the caller's side: look `phone` up exactly as
/// `mamori_vault_caller_id` does and write the answer into `*out`, with the name and the
/// company copied into `buf` (`buf_len` bytes; 256 bytes holds almost every contact, 131,072
/// bytes every one) and referenced by `out->name` / `out->company`.
///
/// `*out_len` receives the number of bytes of `buf` used. If `buf` is too small the call
/// returns `MAMORI_BUFFER_TOO_SMALL`, leaves `*out` and `buf` untouched and writes the size
/// needed to `*out_len` (the one out-parameter this function writes on failure); call again
/// with a buffer that large. `MAMORI_NOT_FOUND` if no contact has that number.
///
/// The spans point into `buf` and stay valid while `buf` does; they hold a contact's name, so
/// clear `buf` when done. Thread safety: as every vault read, may run concurrently with other
/// calls on the same handle (not with `mamori_vault_close`).
///
/// # Safety
/// `v` must be NULL or a live handle; `phone` NULL or NUL-terminated; `buf` NULL (only with
/// `buf_len == 0`) or `buf_len` writable bytes; `out` and `out_len` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_caller_id_into(
    v: *const mamori_vault,
    phone: *const c_char,
    buf: *mut c_char,
    buf_len: usize,
    out: *mut mamori_caller_id,
    out_len: *mut usize,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        // SAFETY: as above.
        let phone = unsafe { super::str_arg(phone, "phone") }?;
        check_out(out, "out")?;
        check_out(out_len, "out_len")?;
        if buf.is_null() && buf_len != 0 {
            return Err(FfiError::null("buf"));
        }
        let who = v
            .inner
            .caller_id(phone)?
            .ok_or_else(|| Error::not_found("no contact has this phone number"))?;
        let company = who.company.as_deref();
        let needed = who.name.len() + company.map_or(0, str::len);
        if needed > buf_len {
            // SAFETY: checked non-NULL and writable per the contract.
            unsafe { *out_len = needed };
            return Err(FfiError::new(
                mamori_result::MAMORI_BUFFER_TOO_SMALL,
                format!("argument `buf`: {needed} bytes needed, {buf_len} given"),
            ));
        }
        let base = buf.cast::<u8>();
        // SAFETY: `needed <= buf_len` bytes of `buf` are writable per the contract, and `buf`
        // cannot overlap the vault's own memory.
        unsafe {
            std::ptr::copy_nonoverlapping(who.name.as_ptr(), base, who.name.len());
            if let Some(c) = company {
                std::ptr::copy_nonoverlapping(c.as_ptr(), base.add(who.name.len()), c.len());
            }
        }
        let span = |off: usize, len: usize| mamori_str {
            // SAFETY: `off <= needed <= buf_len`, inside `buf`.
            ptr: unsafe { buf.add(off) }.cast_const(),
            len,
        };
        let answer = mamori_caller_id {
            id: mamori_contact_id::new(who.id.as_u64()),
            name: span(0, who.name.len()),
            company: match company {
                Some(c) => span(who.name.len(), c.len()),
                None => mamori_str::NONE,
            },
        };
        // SAFETY: checked non-NULL and writable per the contract.
        unsafe {
            *out = answer;
            *out_len = needed;
        }
        Ok(())
    })
}

/// One contact for `mamori_vault_put_contacts`, as plain C data. Every string is a UTF-8
/// span; an optional one (`reading`, `company`, `address`, `notes`) is absent when its `ptr`
/// is NULL. The arrays (`phones`, `emails`, `tags`) are `*_len` spans at `*` (NULL when the
/// length is 0). Contacts stored this way get a new id, like a JSON contact without `"id"`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mamori_contact_in {
    /// Display name (required).
    pub name: mamori_str,
    /// Reading (furigana / kana) of the name.
    pub reading: mamori_str,
    /// Company.
    pub company: mamori_str,
    /// Phone numbers.
    pub phones: *const mamori_str,
    /// Number of phone numbers.
    pub phones_len: usize,
    /// E-mail addresses.
    pub emails: *const mamori_str,
    /// Number of e-mail addresses.
    pub emails_len: usize,
    /// Postal address.
    pub address: mamori_str,
    /// Free-form notes.
    pub notes: mamori_str,
    /// Tags.
    pub tags: *const mamori_str,
    /// Number of tags.
    pub tags_len: usize,
    /// Non-zero when the contact holds sensitive personal information (要配慮個人情報).
    pub sensitive: u8,
}

/// A span as a Rust string (`None` when `ptr` is NULL), naming `path` in errors.
///
/// # Safety
/// `s.ptr` must be NULL or point to `s.len` readable bytes.
unsafe fn span_str(s: mamori_str, path: &dyn Fn() -> String) -> FfiResult<Option<String>> {
    if s.ptr.is_null() {
        if s.len != 0 {
            return Err(FfiError::null(&path()));
        }
        return Ok(None);
    }
    if s.len > isize::MAX as usize {
        return Err(Error::invalid(path(), "length too large").into());
    }
    // SAFETY: non-NULL and `s.len` readable bytes per this function's contract. (The path is
    // formatted only on error: this runs for every field of every imported contact.)
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr.cast::<u8>(), s.len) };
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Some(s.to_owned())),
        Err(e) => Err(FfiError::new(
            mamori_result::MAMORI_INVALID_UTF8,
            format!("`{}` is not valid UTF-8 (byte {})", path(), e.valid_up_to()),
        )),
    }
}

/// `len` spans at `ptr` as strings, naming `path[i]` in errors.
///
/// # Safety
/// `ptr` must be NULL (only with `len == 0`) or point to `len` spans, each valid per
/// [`span_str`].
unsafe fn span_list(
    ptr: *const mamori_str,
    len: usize,
    path: &dyn Fn() -> String,
) -> FfiResult<Vec<String>> {
    if len == 0 {
        return Ok(Vec::new());
    }
    if ptr.is_null() {
        return Err(FfiError::null(&path()));
    }
    if len > 4096 {
        return Err(Error::invalid(path(), "more than 4096 entries").into());
    }
    // SAFETY: `len` spans at `ptr` per the contract.
    let spans = unsafe { std::slice::from_raw_parts(ptr, len) };
    let mut out = Vec::with_capacity(len);
    for (i, s) in spans.iter().enumerate() {
        // SAFETY: per the contract.
        let v = unsafe { span_str(*s, &|| format!("{}[{i}]", path())) }?;
        out.push(v.ok_or_else(|| FfiError::null(&format!("{}[{i}]", path())))?);
    }
    Ok(out)
}

/// # Safety
/// As [`mamori_vault_put_contacts`] for one element.
unsafe fn contact_from(c: &mamori_contact_in, i: usize) -> FfiResult<Contact> {
    let p = |f: &str| format!("contacts[{i}].{f}");
    let mut out = Contact::default();
    // SAFETY (all fields): per the contract of `mamori_vault_put_contacts`.
    out.name =
        unsafe { span_str(c.name, &|| p("name")) }?.ok_or_else(|| FfiError::null(&p("name")))?;
    out.reading = unsafe { span_str(c.reading, &|| p("reading")) }?;
    out.company = unsafe { span_str(c.company, &|| p("company")) }?;
    out.address = unsafe { span_str(c.address, &|| p("address")) }?;
    out.notes = unsafe { span_str(c.notes, &|| p("notes")) }?;
    out.phones = unsafe { span_list(c.phones, c.phones_len, &|| p("phones")) }?;
    out.emails = unsafe { span_list(c.emails, c.emails_len, &|| p("emails")) }?;
    out.tags = unsafe { span_list(c.tags, c.tags_len, &|| p("tags")) }?;
    out.sensitive = c.sensitive != 0;
    Ok(out)
}

/// Bulk import without JSON: store `count` contacts from a C array atomically, exactly as
/// `mamori_vault_put_many` does (all or nothing, one durable write). If `out_ids` is not NULL
/// it must hold `count` elements and receives the new ids, in order, on success.
///
/// Input errors name the element and field (`contacts[3].phones[1]`); invalid UTF-8 is
/// `MAMORI_INVALID_UTF8`. The library copies what it needs; the caller keeps ownership of the
/// array and its strings (clear them when done). Thread safety: as every vault write (calls on
/// one handle are serialised inside the vault; never concurrent with `mamori_vault_close`).
///
/// # Safety
/// `v` must be NULL or a live handle; `contacts` NULL (only with `count == 0`) or `count`
/// readable elements whose spans are readable as documented on `mamori_contact_in`; `out_ids`
/// NULL or `count` writable elements.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_vault_put_contacts(
    v: *mut mamori_vault,
    contacts: *const mamori_contact_in,
    count: usize,
    out_ids: *mut mamori_contact_id,
) -> mamori_result {
    ffi_boundary(|| {
        // SAFETY: per this function's contract.
        let v = unsafe { vault_ref(v) }?;
        if contacts.is_null() && count != 0 {
            return Err(FfiError::null("contacts"));
        }
        if count > isize::MAX as usize / std::mem::size_of::<mamori_contact_in>() {
            return Err(Error::invalid("count", "too large").into());
        }
        let items = if count == 0 {
            &[][..]
        } else {
            // SAFETY: `count` readable elements per the contract.
            unsafe { std::slice::from_raw_parts(contacts, count) }
        };
        let mut batch = Vec::with_capacity(count);
        for (i, c) in items.iter().enumerate() {
            // SAFETY: per the contract.
            batch.push(unsafe { contact_from(c, i) }?);
        }
        let ids = v.inner.put_many(batch)?;
        if !out_ids.is_null() {
            for (i, id) in ids.iter().enumerate() {
                // SAFETY: `count` writable elements per the contract; `ids.len() == count`.
                unsafe { *out_ids.add(i) = mamori_contact_id::new(id.as_u64()) };
            }
        }
        Ok(())
    })
}

/// Zeroize `len` bytes at `buf` (e.g. the buffer of `mamori_vault_caller_id_into` after
/// showing the caller), in a way the compiler does not remove. NULL is accepted with `len` 0.
///
/// # Safety
/// `buf` must be NULL (only with `len == 0`) or point to `len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mamori_buffer_clear(buf: *mut c_char, len: usize) -> mamori_result {
    ffi_boundary(|| {
        if buf.is_null() {
            return if len == 0 {
                Ok(())
            } else {
                Err(FfiError::null("buf"))
            };
        }
        // SAFETY: `len` writable bytes per the contract.
        unsafe { std::slice::from_raw_parts_mut(buf.cast::<u8>(), len) }.zeroize();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;

    #[test]
    fn contact_id_hex_matches_to_hex() {
        for id in [0u64, 1, 0x0123_4567_89ab_cdef, u64::MAX] {
            let c = mamori_contact_id::new(id);
            let s: String = c.hex[..16].iter().map(|b| *b as u8 as char).collect();
            assert_eq!(s, crate::vault::ContactId::from_u64(id).to_hex());
            assert_eq!(c.hex[16], 0);
        }
    }

    fn s(v: &str) -> mamori_str {
        mamori_str {
            ptr: v.as_ptr().cast(),
            len: v.len(),
        }
    }

    #[test]
    fn import_then_caller_id_without_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = CString::new(dir.path().join("f.mamori").to_str().unwrap()).unwrap();
        let opts = CString::new(r#"{"kdf":{"m_kib":8192,"t":1,"p":1}}"#).unwrap();
        let mut v: *mut mamori_vault = std::ptr::null_mut();
        let r = unsafe {
            super::super::mamori_vault_create(
                path.as_ptr(),
                b"123456".as_ptr(),
                6,
                opts.as_ptr(),
                &mut v,
            )
        };
        assert_eq!(r, mamori_result::MAMORI_OK);
        let phones = [s("090-1234-5678"), s("+81 3-5555-0100")];
        let tags = [s("customer")];
        let mut a = mamori_contact_in {
            name: s("佐藤 花子"),
            reading: s("さとう はなこ"),
            company: s("株式会社テスト"),
            phones: phones.as_ptr(),
            phones_len: 2,
            emails: std::ptr::null(),
            emails_len: 0,
            address: mamori_str::NONE,
            notes: mamori_str::NONE,
            tags: tags.as_ptr(),
            tags_len: 1,
            sensitive: 0,
        };
        let one = [s("080-1111-2222")];
        let mut b = a;
        b.name = s("Suzuki");
        b.company = mamori_str::NONE;
        b.phones = one.as_ptr();
        b.phones_len = 1;
        let items = [a, b];
        let mut ids = [mamori_contact_id { hex: [0; 17] }; 2];
        let r = unsafe { mamori_vault_put_contacts(v, items.as_ptr(), 2, ids.as_mut_ptr()) };
        assert_eq!(r, mamori_result::MAMORI_OK);

        let phone = CString::new("+81 90 1234 5678").unwrap();
        let mut buf = [0 as c_char; 64];
        let mut out = std::mem::MaybeUninit::<mamori_caller_id>::zeroed();
        let mut used = 0usize;
        let r = unsafe {
            mamori_vault_caller_id_into(
                v,
                phone.as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                out.as_mut_ptr(),
                &mut used,
            )
        };
        assert_eq!(r, mamori_result::MAMORI_OK);
        let out = unsafe { out.assume_init() };
        let text = |sp: mamori_str| unsafe {
            std::str::from_utf8(std::slice::from_raw_parts(sp.ptr.cast::<u8>(), sp.len))
                .unwrap()
                .to_string()
        };
        assert_eq!(text(out.name), "佐藤 花子");
        assert_eq!(text(out.company), "株式会社テスト");
        assert_eq!(used, "佐藤 花子".len() + "株式会社テスト".len());
        assert_eq!(out.id.hex, ids[0].hex);

        // Too small: the size needed, nothing else written.
        let mut small = [0 as c_char; 4];
        let mut needed = 0usize;
        let mut untouched = out;
        untouched.name.len = 999;
        let r = unsafe {
            mamori_vault_caller_id_into(
                v,
                phone.as_ptr(),
                small.as_mut_ptr(),
                4,
                &mut untouched,
                &mut needed,
            )
        };
        assert_eq!(r, mamori_result::MAMORI_BUFFER_TOO_SMALL);
        assert_eq!(needed, used);
        assert_eq!(untouched.name.len, 999);
        assert_eq!(small, [0; 4]);

        // No company: a NULL span.
        let p2 = CString::new("08011112222").unwrap();
        let mut out2 = std::mem::MaybeUninit::<mamori_caller_id>::zeroed();
        let r = unsafe {
            mamori_vault_caller_id_into(
                v,
                p2.as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                out2.as_mut_ptr(),
                &mut used,
            )
        };
        assert_eq!(r, mamori_result::MAMORI_OK);
        let out2 = unsafe { out2.assume_init() };
        assert!(out2.company.ptr.is_null() && out2.company.len == 0);
        assert_eq!(text(out2.name), "Suzuki");

        // Unknown number.
        let mut out2c = out2;
        let p3 = CString::new("+81 70 0000 0000").unwrap();
        let r = unsafe {
            mamori_vault_caller_id_into(
                v,
                p3.as_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut out2c,
                &mut used,
            )
        };
        assert_eq!(r, mamori_result::MAMORI_NOT_FOUND);

        // Bad UTF-8 in a nested field names it; nothing is stored.
        let bad = [mamori_str {
            ptr: b"\xff".as_ptr().cast(),
            len: 1,
        }];
        a.phones = bad.as_ptr();
        a.phones_len = 1;
        let r = unsafe { mamori_vault_put_contacts(v, [b, a].as_ptr(), 2, std::ptr::null_mut()) };
        assert_eq!(r, mamori_result::MAMORI_INVALID_UTF8);
        let msg = unsafe { std::ffi::CStr::from_ptr(super::super::mamori_last_error_message()) };
        assert!(
            msg.to_str().unwrap().contains("contacts[1].phones[0]"),
            "{msg:?}"
        );
        let mut none = mamori_contact_in {
            name: mamori_str::NONE,
            ..b
        };
        none.name.len = 3;
        let r = unsafe { mamori_vault_put_contacts(v, &none, 1, std::ptr::null_mut()) };
        assert_eq!(r, mamori_result::MAMORI_NULL_ARGUMENT);
        let mut m = std::ptr::null_mut();
        let r = unsafe { super::super::mamori_vault_manifest(v, &mut m) };
        assert_eq!(r, mamori_result::MAMORI_OK);
        let manifest = unsafe { std::ffi::CStr::from_ptr(m) }
            .to_str()
            .unwrap()
            .to_string();
        assert!(manifest.contains("\"contacts\":2"), "{manifest}");
        unsafe { super::super::mamori_string_free(m) };
        let mut buf2 = [1 as c_char; 8];
        assert_eq!(
            unsafe { mamori_buffer_clear(buf2.as_mut_ptr(), 8) },
            mamori_result::MAMORI_OK
        );
        assert_eq!(buf2, [0; 8]);
        unsafe { super::super::mamori_vault_close(v) };
    }
}
