//! Where the token signing secret comes from: `JWT_SECRET`, or (outside production)
//! a random per-install secret kept in a file so tokens survive a restart.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rand::RngCore;

/// Shortest `JWT_SECRET` accepted: HS256 wants at least 256 bits of key.
pub const MIN_SECRET_LEN: usize = 32;

/// How to give the server a secret, for the messages that ask for one.
const HOW_TO_SET: &str = "set JWT_SECRET to at least 32 random characters, e.g. \
    `JWT_SECRET=$(openssl rand -hex 32)` (docker: `-e JWT_SECRET=...`), and keep it the same across restarts";

/// Picks the secret: `JWT_SECRET`, else (outside production) the per-install secret in
/// `secret_file` or, by default, [`secret_file`]'s place for the database.
///
/// # Errors
/// In production without a real `JWT_SECRET`, or when the secret file cannot be written.
pub fn resolve(
    jwt_secret: Option<&str>,
    production: bool,
    database_url: &str,
    secret_file_path: Option<&Path>,
) -> anyhow::Result<Vec<u8>> {
    match jwt_secret {
        Some(s) if s.len() >= MIN_SECRET_LEN => return Ok(s.as_bytes().to_vec()),
        Some(_) if production => anyhow::bail!("JWT_SECRET must be at least {MIN_SECRET_LEN} characters: {HOW_TO_SET}"),
        Some(s) if !s.is_empty() => {
            tracing::warn!("JWT_SECRET is shorter than {MIN_SECRET_LEN} characters; use a longer one in production");
            return Ok(s.as_bytes().to_vec());
        }
        _ if production => {
            anyhow::bail!("CHATORDER_ENV=production needs JWT_SECRET: {HOW_TO_SET}")
        }
        _ => {}
    }
    let path = secret_file_path.map_or_else(|| secret_file(database_url), Path::to_path_buf);
    tracing::warn!(
        "JWT_SECRET is not set: using the per-install secret in {}. Set JWT_SECRET in production.",
        path.display()
    );
    load_or_create(&path)
}

/// Beside the SQLite file (`chatorder.db` → `chatorder.db.jwt-secret`); for MySQL, in the
/// working directory.
pub fn secret_file(database_url: &str) -> PathBuf {
    match database_url.strip_prefix("sqlite://").or_else(|| database_url.strip_prefix("sqlite:")) {
        Some(rest) => {
            let file = rest.split('?').next().unwrap_or(rest);
            PathBuf::from(format!("{file}.jwt-secret"))
        }
        None => PathBuf::from(".jwt_secret"),
    }
}

fn load_or_create(path: &Path) -> anyhow::Result<Vec<u8>> {
    if let Ok(text) = std::fs::read_to_string(path) {
        let text = text.trim();
        if text.len() >= MIN_SECRET_LEN {
            make_private(path).with_context(|| format!("making the secret file {} private", path.display()))?;
            return Ok(text.as_bytes().to_vec());
        }
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_private(path, &hex).with_context(|| {
        format!("writing the secret file {} (set JWT_SECRET_FILE to a writable place, or JWT_SECRET)", path.display())
    })?;
    Ok(hex.into_bytes())
}

/// A secret file others can read is no secret: take their access away, and say so.
#[cfg(unix)]
fn make_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        tracing::warn!(file = %path.display(), "the secret file was readable by other users ({:o}); made it 600", mode & 0o777);
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    // `mode` applies only to a new file: an existing short one keeps its permissions otherwise.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_file_sits_beside_the_sqlite_database() {
        assert_eq!(secret_file("sqlite://data/shop.db?mode=rwc"), PathBuf::from("data/shop.db.jwt-secret"));
        assert_eq!(secret_file("mysql://root@h/db"), PathBuf::from(".jwt_secret"));
    }

    #[test]
    fn production_refuses_to_start_without_a_secret() {
        let message = resolve(None, true, "sqlite://x.db", None).unwrap_err().to_string();
        assert!(message.contains("JWT_SECRET=") && message.contains("openssl rand"), "{message}");
        assert!(resolve(Some("short"), true, "sqlite://x.db", None).is_err());
    }

    #[test]
    fn the_generated_secret_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("a.db").display());
        assert_eq!(resolve(None, false, &url, None).unwrap(), resolve(None, false, &url, None).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn the_secret_file_is_private_and_a_loose_one_is_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("a.db").display());
        resolve(None, false, &url, None).unwrap();
        assert_eq!(mode(&secret_file(&url)), 0o600);

        let loose = dir.path().join("loose-secret");
        std::fs::write(&loose, "0123456789abcdef0123456789abcdef0123").unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
        let secret = resolve(None, false, &url, Some(&loose)).unwrap();
        assert_eq!(secret, b"0123456789abcdef0123456789abcdef0123");
        assert_eq!(mode(&loose), 0o600);
    }

    #[test]
    fn jwt_secret_file_says_where_the_generated_secret_goes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data").join("jwt-secret");
        std::fs::create_dir(dir.path().join("data")).unwrap();
        let secret = resolve(None, false, "mysql://root@h/db", Some(&file)).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), secret);
    }
}
