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
}

/// A vault file on the local file system, held with an exclusive advisory lock
/// (`File::try_lock`) for as long as the vault is open.
pub struct FileStorage {
    path: PathBuf,
    file: Option<File>,
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
        })
    }

    /// Open an existing file and lock it ([`Error::Locked`] if another handle holds it).
    pub fn open(path: &Path) -> Result<Self> {
        let file = match OpenOptions::new().read(true).write(true).open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(Error::not_found("vault file"));
            }
            Err(e) => return Err(e.into()),
        };
        lock(&file)?;
        Ok(FileStorage {
            path: path.to_path_buf(),
            file: Some(file),
        })
    }

    fn f(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("vault file removed"))
    }

    fn tmp_path(&self) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".mamori-tmp");
        self.path.with_file_name(name)
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
        let tmp = self.tmp_path();
        let _ = std::fs::remove_file(&tmp);
        let mut t = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        // Lock the new inode before it becomes visible under the vault's name.
        let _ = t.try_lock();
        t.write_all(data)?;
        t.sync_all()?;
        std::fs::rename(&tmp, &self.path)?;
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
        // leaves the old content in place.
        self.step(None, |_| ())?;
        self.step(None, |_| ())?;
        self.step(None, |d| {
            d.current = data.to_vec();
            d.durable = data.to_vec();
        })
    }

    fn remove(&mut self) -> io::Result<()> {
        self.step(None, |d| {
            d.exists = false;
            d.current.clear();
            d.durable.clear();
        })
    }
}
