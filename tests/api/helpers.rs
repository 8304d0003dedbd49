//! `spawn_app`: builds the app exactly as `chatorder serve` does, on a fresh database
//! and a temp copy of `menu/` and `intents/`, and serves it on a random port.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chatorder::auth::password;
use chatorder::config::{Cli, Command, ServeArgs};
use chatorder::http::{self, AppState};
use chatorder::store::{Role, User};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Mysql,
}

/// A running server and what a test needs to talk to it.
pub(crate) struct TestApp {
    pub base: String,
    pub client: Client,
    pub state: AppState,
    pub database_url: String,
    pub backend: Backend,
    /// The temp folder with `menu/`, `intents/` and the SQLite file.
    pub dir: tempfile::TempDir,
    /// Whether stopping drops the MariaDB database (not for [`TestApp::another_server`]).
    owns_database: bool,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

fn mysql_base() -> String {
    std::env::var("CHATORDER_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned())
}

async fn mysql_reachable() -> bool {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let url = format!("{}/", mysql_base().trim_end_matches('/'));
    matches!(tokio::time::timeout(Duration::from_secs(5), sqlx::AnyConnection::connect(&url)).await, Ok(Ok(_)))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// Starts a server, or `None` when MariaDB is wanted but unreachable outside CI.
pub(crate) async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[]).await
}

/// [`spawn_app`] with extra `chatorder serve` flags (`["--chat-turns-per-minute", "3"]`).
pub(crate) async fn spawn_app_with(backend: Backend, flags: &[&str]) -> Option<TestApp> {
    spawn_app_with_menu(backend, flags, &[]).await
}

/// [`spawn_app_with`] with more menu files (name, TOML) beside the demo menu's, such as
/// a `[shop]` section that offers delivery.
pub(crate) async fn spawn_app_with_menu(
    backend: Backend,
    flags: &[&str],
    menu_files: &[(&str, &str)],
) -> Option<TestApp> {
    let dir = files();
    for (name, text) in menu_files {
        std::fs::write(dir.path().join("menu").join(name), text).unwrap();
    }
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("test.db").display()),
        Backend::Mysql => fresh_mysql_url().await?,
    };
    Some(serve(dir, database_url, backend, flags, true).await)
}

/// `mysql://root@127.0.0.1:3306/chatorder_test_…`: a fresh database's URL on the
/// test MariaDB (not created yet), or `None` when it is unreachable outside CI.
pub(crate) async fn fresh_mysql_url() -> Option<String> {
    if !mysql_reachable().await {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set but MariaDB at {} is unreachable", mysql_base());
        }
        eprintln!("notice: MariaDB at {} is unreachable; skipping this MySQL test", mysql_base());
        return None;
    }
    Some(format!("{}/chatorder_test_{}", mysql_base().trim_end_matches('/'), uuid::Uuid::new_v4().simple()))
}

/// Serves the app on `database_url`, a database reached another way (through a relay
/// a test can cut, say); `stop` drops it.
pub(crate) async fn spawn_app_at(database_url: String, backend: Backend, flags: &[&str]) -> TestApp {
    serve(files(), database_url, backend, flags, true).await
}

/// A temp folder with copies of the shipped `menu/` and `intents/`.
fn files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("menu"), &dir.path().join("menu"));
    copy_dir(&root.join("intents"), &dir.path().join("intents"));
    dir
}

/// Builds the app on `dir`'s files and `database_url` and serves it on a random port.
async fn serve(
    dir: tempfile::TempDir,
    database_url: String,
    backend: Backend,
    flags: &[&str],
    owns_database: bool,
) -> TestApp {
    let args = serve_args(dir.path(), &database_url, flags);
    let state = AppState::build(&args).await.expect("building the app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server_state = state.clone();
    let server = tokio::spawn(async move {
        http::run(listener, server_state, async {
            let _ = rx.await;
        })
        .await
        .expect("serving");
    });
    TestApp {
        base,
        client: Client::new(),
        state,
        database_url,
        backend,
        dir,
        owns_database,
        shutdown: Some(tx),
        server: Some(server),
    }
}

impl TestApp {
    /// A second server on this one's database, as another process would be (own
    /// caches, own event poller); stopping it leaves the database alone.
    pub(crate) async fn another_server(&self) -> TestApp {
        serve(files(), self.database_url.clone(), self.backend, &[], false).await
    }

    /// Stops the server and drops the MariaDB database.
    pub(crate) async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        if self.backend == Backend::Mysql && self.owns_database {
            use sqlx::migrate::MigrateDatabase;
            let _ = sqlx::Any::drop_database(&self.database_url).await;
        }
    }

    pub(crate) fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let req = self.client.request(method, format!("{}{path}", self.base));
        match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    pub(crate) async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(Method::POST, path, token).json(&body).send().await.unwrap()
    }

    pub(crate) async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(Method::PUT, path, token).json(&body).send().await.unwrap()
    }

    pub(crate) async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token).send().await.unwrap()
    }

    /// Registers a customer and returns a token.
    pub(crate) async fn customer(&self, name: &str) -> String {
        let r = self.post("/api/register", None, json!({"username": name, "password": "password123"})).await;
        assert_eq!(r.status(), 201, "registering {name}");
        self.login(name, "password123").await
    }

    /// Creates a staff or admin account directly in the store and returns a token.
    pub(crate) async fn member(&self, name: &str, role: Role) -> String {
        let hash = password::hash("password123".into()).await.unwrap();
        let _: User = self.state.store.create_user(name, &hash, role).await.unwrap();
        self.login(name, "password123").await
    }

    /// The id of the account named `name`.
    pub(crate) async fn user_id(&self, name: &str) -> i64 {
        self.state.store.find_user(name).await.unwrap().unwrap().user.id
    }

    /// What the customer said in a conversation, in order, from its transcript.
    pub(crate) async fn customer_said(&self, token: &str, conversation: i64) -> Vec<String> {
        let transcript: Value =
            self.get(&format!("/api/conversations/{conversation}/messages"), Some(token)).await.json().await.unwrap();
        let messages = transcript.as_array().unwrap_or_else(|| panic!("a transcript: {transcript}"));
        messages.iter().filter(|m| m["role"] == "user").map(|m| m["text"].as_str().unwrap().to_owned()).collect()
    }

    pub(crate) async fn login(&self, name: &str, pass: &str) -> String {
        let r = self.post("/api/login", None, json!({"username": name, "password": pass})).await;
        assert_eq!(r.status(), 200, "logging in {name}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        body["token"].as_str().unwrap().to_owned()
    }

    /// Places a valid order of `quantity` large pizzas and returns its JSON.
    pub(crate) async fn order(&self, token: &str, quantity: u32) -> Value {
        let r = self.post("/api/orders", Some(token), pizza(quantity)).await;
        assert_eq!(r.status(), 201);
        r.json().await.unwrap()
    }
}

/// The settings `chatorder serve` would have with these flags, on `dir`'s files. Parsed
/// as the command line is, so every setting has its real default.
fn serve_args(dir: &Path, database_url: &str, flags: &[&str]) -> ServeArgs {
    let (menu, intents) = (dir.join("menu"), dir.join("intents"));
    let mut argv = vec![
        "chatorder",
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--database-url",
        database_url,
        "--menu",
        menu.to_str().unwrap(),
        "--intents",
        intents.to_str().unwrap(),
        "--jwt-secret",
        "a test secret that is long enough to sign",
        "--env",
        "test",
    ];
    argv.extend_from_slice(flags);
    match <Cli as clap::Parser>::try_parse_from(argv) {
        Ok(Cli { command: Some(Command::Serve(args)), .. }) => args,
        other => panic!("serve flags {flags:?}: {other:?}"),
    }
}

/// A valid order body.
pub(crate) fn pizza(quantity: u32) -> Value {
    json!({"lines": [{"item": "pizza", "quantity": quantity, "options": [{"group": "size", "choice": "large"}]}]})
}

/// Asserts the status and the JSON error body, returning the message.
pub(crate) async fn expect_error(r: Response, status: u16) -> String {
    assert_eq!(r.status(), status, "status of {}", r.url());
    let ct = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    assert!(ct.starts_with("application/json"), "content-type {ct:?}");
    let body: Value = r.json().await.unwrap();
    assert!(body["error"]["code"].is_string(), "error body {body}");
    body["error"]["message"].as_str().unwrap().to_owned()
}

/// Emits `sqlite_NAME` and `mysql_NAME` tests running `NAME(&TestApp)`.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(&app).await;
                    app.stop().await;
                }
            )*
        }
        mod mysql {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Mysql).await else { return };
                    super::$name(&app).await;
                    app.stop().await;
                }
            )*
        }
    };
}
