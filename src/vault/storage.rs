//! The storage seam: every byte the vault reads or writes goes through [`Storage`].
//!
//! [`FileStorage`] is the real implementation (one file, an advisory exclusive lock, `fsync`,
//! atomic replace through a temp file + rename + directory sync). [`MemDisk`] /
//! [`FaultyStorage`] simulate a disk that crashes or tears a write at the N-th operation; the
//! fault-injection tests use them.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::{Error, Result};

/// Durable byte storage for one vault file.
pub trait Storage: Send + Sync {
    /// The whole current content.
    fn read_all(&mut self) -> io::Result<Vec<u8>>;
    /// The first `len` bytes (fewer if the file is shorter).
    fn read_prefix(&mut self, len: usize) -> io::Result<Vec<u8>> {
        let mut v = self.read_all()?;
        v.truncate(len);
        Ok(v)
    }
    /// The content's length in bytes. The default reads everything; override it where the
    /// length is cheap to know (the vault asks for it on every open).
    fn content_len(&mut self) -> io::Result<u64> {
        Ok(self.read_all()?.len() as u64)
    }
    /// Fill `buf` with the content starting at `offset` (`UnexpectedEof` if it is shorter).
    /// Lets the vault read a large file straight into memory of its choosing.
    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let all = self.read_all()?;
        let start = usize::try_from(offset).map_err(|_| io::ErrorKind::UnexpectedEof)?;
        let src = start
            .checked_add(buf.len())
            .and_then(|end| all.get(start..end))
            .ok_or(io::ErrorKind::UnexpectedEof)?;
        buf.copy_from_slice(src);
        Ok(())
    }
    /// Append bytes at the end (not durable until [`Storage::sync`]).
    fn append(&mut self, data: &[u8]) -> io::Result<()>;
    /// Overwrite bytes in place (not durable until [`Storage::sync`]).
    fn write_at(&mut self, offset: u64, data: &[u8]) -> io::Result<()>;
    /// Cut the content to `len` bytes.
    fn truncate(&mut self, len: u64) -> io::Result<()>;
    /// Make every earlier write durable.
    fn sync(&mut self) -> io::Result<()>;
    /// Atomically and durably replace the whole content (temp file, sync, rename, dir sync).
    fn replace(&mut self, data: &[u8]) -> io::Result<()>;
    /// Delete the file (best effort); the storage is unusable afterwards.
    fn remove(&mut self) -> io::Result<()>;
    /// Crypto-erase and delete every other copy of the vault this storage made (a rewrite's
    /// temp file left by an interrupted compaction). `Ok` when none is left.
    fn remove_copies(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// A storage opened read-only ([`FileStorage::open_read_only`]) becomes writable (for a
    /// policy that must write even then: counting a wrong passcode, the idle wipe). Others
    /// are writable already.
    fn make_writable(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A vault file on the local file system, held with an exclusive advisory lock
/// (`File::try_lock`) for as long as the vault is open.
pub struct FileStorage {
    path: PathBuf,
    file: Option<File>,
    /// Opened without write access ([`FileStorage::open_read_only`]).
    read_only: bool,
}

impl std::fmt::Debug for FileStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStorage").finish_non_exhaustive()
    }
}

fn lock(file: &File) -> Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::Io(e)),
    }
}

fn lock_shared(file: &File) -> Result<()> {
    match file.try_lock_shared() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::Io(e)),
    }
}

/// Whether the locked `file` is still the one named `path`. A compaction renames a new file
/// over the vault: an opener that got the old inode just before the rename and its lock
/// just after would write into an unlinked file (audit N9), so it retries.
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let held = file.metadata()?;
    match std::fs::metadata(path) {
        Ok(named) => Ok(held.dev() == named.dev() && held.ino() == named.ino()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn still_named(_: &File, _: &Path) -> io::Result<bool> {
    // Windows does not rename over a file that is open without FILE_SHARE_DELETE.
    Ok(true)
}

/// How often an open retries when a compaction replaced the file between its open and lock.
const OPEN_RETRIES: usize = 8;

/// `<vault>.mamori-tmp`: where a rewrite builds the new file before renaming it.
fn tmp_path_of(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".mamori-tmp");
    path.with_file_name(name)
}

/// Crypto-erase a copy of the vault at `path` the library made (a rewrite's temp file):
/// when it starts with the vault magic, zero its key-check value and every key-slot
/// position it reaches and sync; then delete it. Missing: nothing to do.
fn erase_copy(path: &Path) -> io::Result<()> {
    use super::format::{MAGIC, SLOT_A, SLOT_LEN, SLOT_R};
    let mut f = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let len = f.metadata()?.len() as usize;
    let mut magic = [0u8; 8];
    let ours = f.read_exact(&mut magic).is_ok() && &magic == MAGIC;
    if ours {
        for (a, b) in [
            (96, 112),
            (SLOT_A, SLOT_A + 2 * SLOT_LEN),
            (SLOT_R, SLOT_R + SLOT_LEN),
        ] {
            let b = b.min(len);
            if a < b {
                f.seek(SeekFrom::Start(a as u64))?;
                f.write_all(&vec![0u8; b - a])?;
            }
        }
        f.sync_all()?;
    }
    drop(f);
    std::fs::remove_file(path)?;
    sync_dir(path);
    Ok(())
}

fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

impl FileStorage {
    /// Create a new file (fails if it exists) and lock it.
    pub fn create(path: &Path) -> Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)?;
        lock(&file)?;
        Ok(FileStorage {
            path: path.to_path_buf(),
            file: Some(file),
            read_only: false,
        })
    }

    /// Open an existing file and lock it ([`Error::Locked`] if another handle holds it). If
    /// a compaction renamed a new file over it between the open and the lock, the open is
    /// retried on the new file (a write to the old, unlinked one would be lost).
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_locked(path, false)
    }

    /// Open an existing file without write access, under a shared lock: other read-only
    /// openers may hold it at the same time, a writer gets [`Error::Locked`]. Nothing is
    /// written through it (a stale temp file is left alone).
    pub fn open_read_only(path: &Path) -> Result<Self> {
        Self::open_locked(path, true)
    }

    fn open_locked(path: &Path, read_only: bool) -> Result<Self> {
        for _ in 0..OPEN_RETRIES {
            let file = match OpenOptions::new().read(true).write(!read_only).open(path) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Err(Error::not_found("vault file"));
                }
                Err(e) => return Err(e.into()),
            };
            if read_only {
                lock_shared(&file)?;
            } else {
                lock(&file)?;
            }
            if still_named(&file, path)? {
                return Ok(FileStorage {
                    path: path.to_path_buf(),
                    file: Some(file),
                    read_only,
                });
            }
            // Replaced by a compaction between the open and the lock: the old inode is
            // unlinked, so whatever would be written to it is lost. Try the new one.
            let _ = file.unlock();
        }
        Err(Error::Locked)
    }

    fn f(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("vault file removed"))
    }

    fn tmp_path(&self) -> PathBuf {
        tmp_path_of(&self.path)
    }

    /// Write `data` to the temp file `tmp`, sync it and rename it over the vault.
    fn replace_via(&mut self, tmp: &Path, data: &[u8]) -> io::Result<File> {
        let mut t = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(tmp)?;
        // Lock the new inode before it becomes visible under the vault's name.
        let _ = t.try_lock();
        t.write_all(data)?;
        t.sync_all()?;
        std::fs::rename(tmp, &self.path)?;
        Ok(t)
    }
}

impl Drop for FileStorage {
    fn drop(&mut self) {
        // Release the lock explicitly: a process forked by another thread of the host may
        // still hold a duplicate of this descriptor for a moment, and with it the lock.
        if let Some(f) = &self.file {
            let _ = f.unlock();
        }
    }
}

impl Storage for FileStorage {
    fn read_all(&mut self) -> io::Result<Vec<u8>> {
        let f = self.f()?;
        let len = f.metadata()?.len();
        f.seek(SeekFrom::Start(0))?;
        let mut v = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
        f.read_to_end(&mut v)?;
        Ok(v)
    }

    fn read_prefix(&mut self, len: usize) -> io::Result<Vec<u8>> {
        let f = self.f()?;
        f.seek(SeekFrom::Start(0))?;
        let mut v = Vec::with_capacity(len);
        f.take(len as u64).read_to_end(&mut v)?;
        Ok(v)
    }

    fn content_len(&mut self) -> io::Result<u64> {
        Ok(self.f()?.metadata()?.len())
    }

    fn read_exact_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let f = self.f()?;
        f.seek(SeekFrom::Start(offset))?;
        f.read_exact(buf)
    }

    fn append(&mut self, data: &[u8]) -> io::Result<()> {
        let f = self.f()?;
        f.seek(SeekFrom::End(0))?;
        f.write_all(data)
    }

    fn write_at(&mut self, offset: u64, data: &[u8]) -> io::Result<()> {
        let f = self.f()?;
        f.seek(SeekFrom::Start(offset))?;
        f.write_all(data)
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.f()?.set_len(len)
    }

    fn sync(&mut self) -> io::Result<()> {
        self.f()?.sync_data()
    }

    fn replace(&mut self, data: &[u8]) -> io::Result<()> {
        if self.read_only {
            return Err(io::Error::other("the vault was opened read-only"));
        }
        let tmp = self.tmp_path();
        erase_copy(&tmp)?;
        let t = match self.replace_via(&tmp, data) {
            Ok(t) => t,
            Err(e) => {
                // Never leave a (partial) copy of the vault beside it (audit N5).
                let _ = erase_copy(&tmp);
                return Err(e);
            }
        };
        sync_dir(&self.path);
        if let Some(old) = self.file.replace(t) {
            let _ = old.unlock();
        }
        Ok(())
    }

    fn remove(&mut self) -> io::Result<()> {
        let r = std::fs::remove_file(&self.path);
        sync_dir(&self.path);
        if let Some(old) = self.file.take() {
            let _ = old.unlock();
        }
        r
    }

    fn remove_copies(&mut self) -> io::Result<()> {
        erase_copy(&self.tmp_path())
    }

    fn make_writable(&mut self) -> io::Result<()> {
        if !self.read_only {
            return Ok(());
        }
        // Trade the shared lock for an exclusive one on a writable descriptor of the same
        // file (one process's two descriptors would block each other).
        if let Some(old) = self.file.take() {
            let _ = old.unlock();
        }
        let f = OpenOptions::new().read(true).write(true).open(&self.path)?;
        match lock(&f) {
            Ok(()) => {}
            Err(Error::Io(e)) => return Err(e),
            Err(_) => return Err(io::Error::other("the vault is open elsewhere")),
        }
        if !still_named(&f, &self.path)? {
            return Err(io::Error::other("the vault file was replaced"));
        }
        self.file = Some(f);
        self.read_only = false;
        Ok(())
    }
}

/// What a simulated disk holds: the bytes the OS has (`current`, survives a process crash) and
/// the bytes that were synced (`durable`, survive a power cut).
#[doc(hidden)]
#[derive(Debug, Default, Clone)]
pub struct MemDisk {
    /// Content as seen by the OS (page cache).
    pub current: Vec<u8>,
    /// Content that was made durable by the last sync / replace.
    pub durable: Vec<u8>,
    /// The file exists.
    pub exists: bool,
    /// I/O operations performed so far.
    pub ops: u64,
    /// Fail at this operation number (1-based) and every one after it.
    pub crash_at: Option<u64>,
    /// When crashing on a write, apply this many bytes of it first (a torn write).
    pub tear_bytes: usize,
    /// The crash happened.
    pub crashed: bool,
    /// The temp file of a rewrite ([`Storage::replace`]): written first, renamed over the
    /// content last; left behind when the rewrite crashes in between.
    pub tmp: Option<Vec<u8>>,
}

type ApplyFn = dyn Fn(&mut MemDisk, &[u8]);

/// A [`Storage`] over a shared [`MemDisk`] that fails (optionally tearing the write) at the
/// configured operation and on every operation after it. For fault-injection tests.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct FaultyStorage {
    /// The simulated disk (shared with the test).
    pub disk: Arc<Mutex<MemDisk>>,
}

impl FaultyStorage {
    /// A storage over `disk`.
    pub fn new(disk: Arc<Mutex<MemDisk>>) -> Self {
        FaultyStorage { disk }
    }

    fn step<T>(
        &self,
        write: Option<(&ApplyFn, &[u8])>,
        f: impl FnOnce(&mut MemDisk) -> T,
    ) -> io::Result<T> {
        let mut d = self.disk.lock().unwrap_or_else(|e| e.into_inner());
        if d.crashed {
            return Err(io::Error::other("simulated crash"));
        }
        d.ops += 1;
        if d.crash_at.is_some_and(|n| d.ops >= n) {
            d.crashed = true;
            if let Some((apply, data)) = write {
                let n = d.tear_bytes.min(data.len());
                if n > 0 {
                    apply(&mut d, &data[..n]);
                }
            }
            return Err(io::Error::other("simulated crash"));
        }
        Ok(f(&mut d))
    }
}

fn append_to(d: &mut MemDisk, data: &[u8]) {
    d.current.extend_from_slice(data);
}

impl Storage for FaultyStorage {
    fn read_all(&mut self) -> io::Result<Vec<u8>> {
        self.step(None, |d| d.current.clone())
    }

    fn content_len(&mut self) -> io::Result<u64> {
        self.step(None, |d| d.current.len() as u64)
    }

    fn append(&mut self, data: &[u8]) -> io::Result<()> {
        self.step(Some((&append_to, data)), |d| append_to(d, data))
    }

    fn write_at(&mut self, offset: u64, data: &[u8]) -> io::Result<()> {
        let off = offset as usize;
        let apply = move |d: &mut MemDisk, data: &[u8]| {
            let end = off + data.len();
            if d.current.len() < end {
                d.current.resize(end, 0);
            }
            d.current[off..end].copy_from_slice(data);
        };
        self.step(Some((&apply, data)), |d| apply(d, data))
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.step(None, |d| d.current.truncate(len as usize))
    }

    fn sync(&mut self) -> io::Result<()> {
        self.step(None, |d| d.durable = d.current.clone())
    }

    fn replace(&mut self, data: &[u8]) -> io::Result<()> {
        // Temp-file write, temp sync and rename are three operations; a crash in any of them
        // leaves the old content in place (and, after the first, the temp file beside it).
        self.step(None, |d| d.tmp = Some(data.to_vec()))?;
        self.step(None, |_| ())?;
        self.step(None, |d| {
            d.current = data.to_vec();
            d.durable = data.to_vec();
            d.tmp = None;
        })
    }

    fn remove(&mut self) -> io::Result<()> {
        self.step(None, |d| {
            d.exists = false;
            d.current.clear();
            d.durable.clear();
        })
    }

    fn remove_copies(&mut self) -> io::Result<()> {
        self.step(None, |d| d.tmp = None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Audit N9: an opener that holds the old inode after a compaction's rename must notice
    /// (it would write acknowledged data into an unlinked file) — and the retry opens the
    /// file now at the path.
    #[cfg(unix)]
    #[test]
    fn a_descriptor_of_a_replaced_file_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.mamori");
        std::fs::write(&path, b"old").unwrap();
        let stale = File::open(&path).unwrap();
        assert!(still_named(&stale, &path).unwrap());
        // A compaction: a new file renamed over the vault.
        let tmp = tmp_path_of(&path);
        std::fs::write(&tmp, b"new").unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        assert!(!still_named(&stale, &path).unwrap());
        let mut s = FileStorage::open(&path).unwrap();
        assert_eq!(s.read_all().unwrap(), b"new");
        assert!(still_named(s.file.as_ref().unwrap(), &path).unwrap());
    }

    /// Audit N5: a rewrite that fails leaves no temp file behind, and a stale one is
    /// crypto-erased before it is deleted.
    #[test]
    fn a_failed_replace_removes_its_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.mamori");
        std::fs::write(&path, b"vault").unwrap();
        let mut s = FileStorage::open(&path).unwrap();
        // The rename fails: the vault's name is now a non-empty directory.
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("x"), b"x").unwrap();
        assert!(s.replace(b"new image").is_err());
        assert!(
            !tmp_path_of(&path).exists(),
            "the temp file was left behind"
        );
        // A stale copy that starts with the magic: slots zeroed (checked through a hard
        // link that survives the deletion), then deleted.
        let tmp = tmp_path_of(&path);
        let mut img = vec![0x5Au8; 1024];
        img[..8].copy_from_slice(super::super::format::MAGIC);
        std::fs::write(&tmp, &img).unwrap();
        let keep = dir.path().join("link");
        std::fs::hard_link(&tmp, &keep).unwrap();
        s.remove_copies().unwrap();
        assert!(!tmp.exists());
        let after = std::fs::read(&keep).unwrap();
        assert!(after[96..112].iter().all(|b| *b == 0));
        assert!(after[160..416].iter().all(|b| *b == 0));
        assert!(after[512..640].iter().all(|b| *b == 0));
        assert!(
            after[416..512].iter().all(|b| *b == 0x5A),
            "only the key material"
        );
    }
}
