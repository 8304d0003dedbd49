//! Where the token signing secret comes from: `JWT_SECRET`, or (outside production)
//! a random per-install secret kept in a file so tokens survive a restart.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rand::RngCore;

/// Shortest `JWT_SECRET` accepted: HS256 wants at least 256 bits of key.
pub const MIN_SECRET_LEN: usize = 32;

/// Picks the secret.
///
/// # Errors
/// In production without a real `JWT_SECRET`, or when the secret file cannot be written.
pub fn resolve(jwt_secret: Option<&str>, production: bool, database_url: &str) -> anyhow::Result<Vec<u8>> {
    match jwt_secret {
        Some(s) if s.len() >= MIN_SECRET_LEN => return Ok(s.as_bytes().to_vec()),
        Some(_) if production => anyhow::bail!("JWT_SECRET must be at least {MIN_SECRET_LEN} characters"),
        Some(s) if !s.is_empty() => {
            tracing::warn!("JWT_SECRET is shorter than {MIN_SECRET_LEN} characters; use a longer one in production");
            return Ok(s.as_bytes().to_vec());
        }
        _ if production => {
            anyhow::bail!("CHATORDER_ENV=production needs JWT_SECRET (at least {MIN_SECRET_LEN} characters)")
        }
        _ => {}
    }
    let path = secret_file(database_url);
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
            return Ok(text.as_bytes().to_vec());
        }
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_private(path, &hex).with_context(|| format!("writing the secret file {}", path.display()))?;
    Ok(hex.into_bytes())
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
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
        assert!(resolve(None, true, "sqlite://x.db").is_err());
        assert!(resolve(Some("short"), true, "sqlite://x.db").is_err());
    }

    #[test]
    fn the_generated_secret_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("a.db").display());
        assert_eq!(resolve(None, false, &url).unwrap(), resolve(None, false, &url).unwrap());
    }
}
