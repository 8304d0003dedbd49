//! Password hashing with argon2id. Hashing takes tens of milliseconds of CPU and 19 MiB
//! of memory on purpose, so it always runs on the blocking pool, never on an async worker,
//! and only a few at a time: a burst of logins must not claim a gigabyte at once (the
//! allocator keeps what it was given) nor starve the chat turns of both cores.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{self, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

/// A job for the hashing threads.
type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads: one per core, started on first use. A fixed set of threads (not
/// tokio's blocking pool, which grows to hundreds) matters for memory: each thread's
/// allocator arena keeps the 19 MiB it last used, so few threads means few such blocks.
fn hashers() -> &'static std::sync::mpsc::Sender<Job> {
    static QUEUE: std::sync::OnceLock<std::sync::mpsc::Sender<Job>> = std::sync::OnceLock::new();
    QUEUE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..std::thread::available_parallelism().map_or(2, |n| n.get()) {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || loop {
                // Hold the lock only to take a job, not while running it.
                let job = match rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return, // the sender is gone: the process is ending
                }
            });
            if let Err(e) = spawned {
                tracing::error!("cannot start a password hashing thread: {e}");
            }
        }
        tx
    })
}

/// Runs one argon2 computation on the hashing threads, waiting for a free one. A job
/// whose caller has gone by the time a thread takes it (the client hung up, so the
/// request's future was dropped) is skipped: nobody would read its answer.
async fn run_limited<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    let (done, result) = tokio::sync::oneshot::channel();
    hashers()
        .send(Box::new(move || {
            if !done.is_closed() {
                let _ = done.send(work());
            }
        }))
        .map_err(|_| anyhow::anyhow!("the password hashing threads are gone"))?;
    result.await.map_err(|_| anyhow::anyhow!("a password hashing thread failed"))
}

/// Bounds how many hashes one server has waiting or running: a request that finds it
/// full is refused at once (503) instead of queueing behind hundreds of others, which
/// is what made a real login wait seconds behind a flood of registrations.
#[derive(Debug, Clone)]
pub struct HashQueue {
    slots: std::sync::Arc<tokio::sync::Semaphore>,
}

impl HashQueue {
    /// A queue of `capacity` places.
    pub fn new(capacity: usize) -> Self {
        Self { slots: std::sync::Arc::new(tokio::sync::Semaphore::new(capacity)) }
    }

    /// A place in the queue, held until the request is done (or dropped), or `None` when full.
    pub fn admit(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.slots.clone().try_acquire_owned().ok()
    }

    /// Takes every free place (tests use this to fill the queue).
    pub fn take_all(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let free = u32::try_from(self.slots.available_permits()).ok()?;
        self.slots.clone().try_acquire_many_owned(free).ok()
    }
}

thread_local! {
    /// The hashing thread's argon2 working memory, allocated once and reused: a fresh
    /// 19 MiB allocation per hash is kept by glibc's allocator after it is freed (the
    /// dynamic mmap threshold), which grew the server by ~17 MiB per login.
    static MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// argon2id with `params` over `password` and `salt` into `out`, in the thread's memory.
fn argon2id_into(params: Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> argon2::Result<()> {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        let blocks = params.block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password_into_with_memory(
            password,
            salt,
            out,
            &mut memory[..blocks],
        )
    })
}

/// Hashes a password into a PHC string (algorithm, parameters, salt and hash).
///
/// # Errors
/// Only if the hasher itself fails, which argon2 does not for sane inputs.
pub async fn hash(password: String) -> anyhow::Result<String> {
    run_limited(move || -> password_hash::Result<String> {
        let salt = SaltString::generate(&mut OsRng);
        let mut raw_salt = [0u8; 64];
        let raw_salt = salt.decode_b64(&mut raw_salt)?;
        let params = Params::default();
        let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
            argon2id_into(params.clone(), password.as_bytes(), raw_salt, out).map_err(Into::into)
        })?;
        let phc = PasswordHash {
            algorithm: argon2::ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt.as_salt()),
            hash: Some(output),
        };
        Ok(phc.to_string())
    })
    .await?
    .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
}

/// Checks a password against a stored argon2id PHC string; `false` for a malformed hash
/// or another algorithm.
pub async fn verify(password: String, phc: String) -> bool {
    run_limited(move || {
        let Ok(parsed) = PasswordHash::new(&phc) else { return false };
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return false };
        if parsed.algorithm != argon2::ARGON2ID_IDENT || parsed.version.is_some_and(|v| v != 0x13) {
            return false;
        }
        let Ok(params) = Params::try_from(&parsed) else { return false };
        let mut raw_salt = [0u8; 64];
        let Ok(raw_salt) = salt.decode_b64(&mut raw_salt) else { return false };
        let computed = Output::init_with(expected.len(), |out| {
            argon2id_into(params, password.as_bytes(), raw_salt, out).map_err(Into::into)
        });
        // Output's equality is constant-time.
        computed.is_ok_and(|computed| computed == expected)
    })
    .await
    .unwrap_or(false)
}

/// A real hash of nothing useful, verified when the username is unknown so a login
/// takes as long whether the account exists or not.
pub async fn dummy_verify(password: String) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let phc = match DUMMY.get() {
        Some(phc) => phc.clone(),
        None => match hash("not a real password".into()).await {
            Ok(phc) => DUMMY.get_or_init(|| phc).clone(),
            Err(_) => return,
        },
    };
    verify(password, phc).await;
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_hash_accepts_its_password_and_nothing_else() {
        let phc = super::hash("correct horse".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(super::verify("correct horse".into(), phc.clone()).await);
        assert!(!super::verify("wrong horse".into(), phc.clone()).await);
        assert!(!super::verify("correct horse".into(), phc.replace("argon2id", "argon2i")).await);
        assert!(!super::verify("correct horse".into(), "not a hash".into()).await);
    }

    #[test]
    fn a_job_whose_caller_has_gone_is_skipped() {
        use futures::FutureExt;
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let rt = tokio::runtime::Runtime::new().unwrap();
        // Keep every hashing thread busy until released, so the next job waits in the queue.
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = Arc::new(std::sync::Mutex::new(wait));
        let (started_tx, started) = std::sync::mpsc::channel::<()>();
        let blockers: Vec<_> = (0..threads)
            .map(|_| {
                let (wait, started_tx) = (wait.clone(), started_tx.clone());
                rt.spawn(super::run_limited(move || {
                    let _ = started_tx.send(());
                    let _ = wait.lock().unwrap().recv();
                }))
            })
            .collect();
        for _ in 0..threads {
            started.recv().unwrap();
        }
        let ran = Arc::new(AtomicBool::new(false));
        let flag = ran.clone();
        // Queued, then abandoned before any thread is free.
        assert!(super::run_limited(move || flag.store(true, Ordering::SeqCst)).now_or_never().is_none());
        for _ in 0..threads {
            release.send(()).unwrap();
        }
        for b in blockers {
            rt.block_on(b).unwrap().unwrap();
        }
        // Jobs are taken in order: once a later one has run, the abandoned one was passed over.
        rt.block_on(super::run_limited(|| ())).unwrap();
        assert!(!ran.load(Ordering::SeqCst), "an abandoned hash was computed");
    }

    #[test]
    fn hashes_interoperate_with_the_argon2_crates_own_verifier() {
        use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
        let rt = tokio::runtime::Runtime::new().unwrap();
        let ours = rt.block_on(super::hash("tea for two".into())).unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2::Argon2::default().verify_password(b"tea for two", &parsed).is_ok());
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let theirs = argon2::Argon2::default().hash_password(b"tea for two", &salt).unwrap().to_string();
        assert!(rt.block_on(super::verify("tea for two".into(), theirs)));
    }
}
