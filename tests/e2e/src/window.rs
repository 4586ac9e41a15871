//! What an end-to-end test needs to drive the real window: a virtual X
//! display (Xvfb), tauri-driver in front of WebKitWebDriver, and a small W3C
//! WebDriver client. Everything started here is stopped when the [`Window`]
//! is dropped, even when the test fails.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key W3C WebDriver uses for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Where screenshots and other artifacts of a test run are kept.
pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_root().join("test-artifacts").join("e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn app_binary() -> PathBuf {
    let bin = std::env::var_os("TIAN_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/tian-app"));
    assert!(bin.exists(), "{} is missing: build the window first (scripts/test.sh does)", bin.display());
    bin
}

fn tauri_driver() -> PathBuf {
    let in_cargo_home = dirs_home().join(".cargo/bin/tauri-driver");
    if in_cargo_home.exists() {
        return in_cargo_home;
    }
    PathBuf::from("tauri-driver")
}

fn dirs_home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A child started as the leader of its own process group; dropping it ends
/// the whole group, so tauri-driver's WebKitWebDriver and the app go too.
struct Process(Child);

impl Process {
    fn spawn(command: &mut Command) -> std::io::Result<Process> {
        command.process_group(0).spawn().map(Process)
    }
}

impl Drop for Process {
    /// Asks the process group to stop, so Xvfb removes its lock and socket
    /// (killed outright it leaves them, and the display numbers run out), and
    /// kills it if it has not stopped within two seconds.
    fn drop(&mut self) {
        let group = -(self.0.id() as i32);
        // SAFETY: kill(2) with a negative pid signals the group this child leads.
        unsafe { libc::kill(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: as above; whatever of the group is left is killed.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

/// A D-Bus session bus of our own, listening in `dir`; its address.
fn start_session_bus(dir: &Path) -> (String, Process) {
    let socket = dir.join("bus");
    let address = format!("unix:path={}", socket.display());
    let bus = Process::spawn(
        Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", &format!("--address={address}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )
    .expect("dbus-daemon runs (Debian package dbus-daemon)");
    wait_until(Duration::from_secs(10), "the D-Bus session to start", || socket.exists().then_some(()));
    (address, bus)
}

/// A virtual display of our own, unless the caller already has one.
fn start_display() -> (String, Option<Process>) {
    if let Ok(display) = std::env::var("DISPLAY") {
        if !display.is_empty() {
            return (display, None);
        }
    }
    let n = (90..400)
        .find(|n| {
            !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
        })
        .expect("a free X display number");
    let child = Process::spawn(
        Command::new("Xvfb")
            .args([format!(":{n}").as_str(), "-screen", "0", "1400x900x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )
    .expect("Xvfb runs (Debian package xvfb)");
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    wait_until(Duration::from_secs(10), "Xvfb to start", || socket.exists().then_some(()));
    (format!(":{n}"), Some(child))
}

pub fn wait_until<T>(timeout: Duration, what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(start.elapsed() < timeout, "timed out after {timeout:?} waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// One window at a time: several WebKit windows starting at once on a
/// two-core machine starve each other until a page is declared hung.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// How the app is started, beyond its database.
#[derive(Debug, Default, Clone)]
pub struct Launch {
    /// Its command-line arguments, as a file manager passes a double-clicked file.
    pub args: Vec<String>,
    /// A D-Bus session of its own, which a second launch finds it by.
    pub session_bus: bool,
}

/// The Tian window, started on a fresh database, under WebDriver control.
pub struct Window {
    agent: ureq::Agent,
    session_url: String,
    /// When the app's process was asked for.
    launched_at: Instant,
    display: String,
    app: PathBuf,
    db: PathBuf,
    /// Where the app's file dialogs ask and are answered.
    dialogs: PathBuf,
    bus_address: Option<String>,
    // Dropped in this order: the session's window first, then the driver, the bus and the display.
    _driver: Process,
    _bus: Option<Process>,
    _display: Option<Process>,
    _data: tempfile::TempDir,
    _turn: std::sync::MutexGuard<'static, ()>,
}

impl Window {
    /// Starts the app with an empty data folder, so it fills itself with the default data.
    pub fn open() -> Window {
        Self::open_on(|_| {})
    }

    /// Starts the app on the database `prepare` makes at the path it is given.
    pub fn open_on(prepare: impl FnOnce(&std::path::Path)) -> Window {
        Self::launch(&app_binary(), prepare)
    }

    /// Starts Tian as `launch` says, on the database `prepare` makes.
    pub fn open_as(launch: Launch, prepare: impl FnOnce(&std::path::Path)) -> Window {
        Self::start(&app_binary(), launch, prepare)
    }

    /// Starts the Tauri app `app` (Tian, or the startup benchmark's
    /// hello-world) on the database `prepare` makes at the path it is given.
    pub fn launch(app: &Path, prepare: impl FnOnce(&std::path::Path)) -> Window {
        Self::start(app, Launch::default(), prepare)
    }

    /// Starts `app` as `launch` says, on the database `prepare` makes.
    pub fn start(app: &Path, launch: Launch, prepare: impl FnOnce(&std::path::Path)) -> Window {
        // A test that failed while holding the turn poisons it; the next one may still go.
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let data = tempfile::tempdir().unwrap();
        let db = data.path().join("tian.db");
        let dialogs = data.path().join("dialogs");
        prepare(&db);
        let (display, display_process) = start_display();
        let (bus_address, bus) = match launch.session_bus {
            true => {
                let (address, bus) = start_session_bus(data.path());
                (Some(address), Some(bus))
            }
            false => (None, None),
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        // A port found free may be taken again before tauri-driver binds it
        // (the last window's driver letting go of its own): a driver that
        // exits instead of listening is started again on other ports.
        let (driver, base) = (0..3)
            .find_map(|_| {
                let port = free_port();
                let native_port = free_port();
                let log = std::fs::File::create(artifacts_dir().join("tauri-driver.log")).unwrap();
                let mut command = Command::new(tauri_driver());
                command
                    .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
                    .env("DISPLAY", &display)
                    .env("TIAN_DB", &db)
                    .env("TIAN_USER", "端到端测试")
                    .env("TIAN_DIALOG_DOUBLE", &dialogs)
                    .stdout(log.try_clone().unwrap())
                    .stderr(log);
                if let Some(address) = &bus_address {
                    command.env("DBUS_SESSION_BUS_ADDRESS", address);
                }
                let mut driver =
                    Process::spawn(&mut command).expect("tauri-driver runs (cargo install tauri-driver --locked)");
                let base = format!("http://127.0.0.1:{port}");
                let listening = wait_until(Duration::from_secs(120), "tauri-driver to listen or exit", || {
                    if agent.get(format!("{base}/status")).call().is_ok() {
                        Some(true)
                    } else {
                        driver.0.try_wait().ok().flatten().map(|_| false)
                    }
                });
                listening.then_some((driver, base))
            })
            .expect("tauri-driver listens (see test-artifacts/e2e/tauri-driver.log)");
        let launched_at = Instant::now();
        let created = post(
            &agent,
            &format!("{base}/session"),
            json!({ "capabilities": { "alwaysMatch": { "tauri:options": { "application": app, "args": launch.args } } } }),
        );
        let session = created["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {created}")).to_owned();
        Window {
            agent,
            session_url: format!("{base}/session/{session}"),
            launched_at,
            display,
            app: app.to_owned(),
            db,
            dialogs,
            bus_address,
            _driver: driver,
            _bus: bus,
            _display: display_process,
            _data: data,
            _turn: turn,
        }
    }

    /// Launches the app a second time beside this window, on the same
    /// display, database and D-Bus session, with `args`; how it exited
    /// (within 30 s), as a file manager would see it.
    pub fn launch_again(&self, args: &[&str]) -> std::process::ExitStatus {
        let mut command = Command::new(&self.app);
        command
            .args(args)
            .env("DISPLAY", &self.display)
            .env("TIAN_DB", &self.db)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(address) = &self.bus_address {
            command.env("DBUS_SESSION_BUS_ADDRESS", address);
        }
        let mut second = Process::spawn(&mut command).expect("the app starts a second time");
        wait_until(Duration::from_secs(30), "the second launch to exit", || second.0.try_wait().ok().flatten())
    }

    /// When the app's process was asked for: the start of a startup measurement.
    pub fn launched_at(&self) -> Instant {
        self.launched_at
    }

    /// Runs xdotool on the window's display and returns what it printed.
    pub fn xdotool(&self, args: &[&str]) -> String {
        let out = Command::new("xdotool").args(args).env("DISPLAY", &self.display).output().expect("xdotool runs");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Answers the file dialog titled `title` with `path`, once the window
    /// asks. The dialog is the app's test double (`src-tauri/src/dialogs.rs`),
    /// set up for every window the tests start: everything up to the dialog
    /// and after it runs as in use, and the answer goes in when the dialog
    /// is up, not after a guessed pause.
    pub fn answer_file_dialog(&self, title: &str, path: &std::path::Path) {
        let asked = self.dialogs.join("asked");
        let question = wait_until(Duration::from_secs(30), &format!("the file dialog “{title}”"), || {
            std::fs::read_to_string(&asked).ok()
        });
        assert!(question.lines().nth(1).is_some_and(|t| t.contains(title)), "the dialog asked: {question}");
        let staged = self.dialogs.join("answer.part");
        std::fs::write(&staged, format!("{}\n", path.display())).unwrap();
        std::fs::rename(&staged, self.dialogs.join("answer")).unwrap();
        wait_until(Duration::from_secs(30), "the dialog to take the answer", || (!asked.exists()).then_some(()));
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        self.find_by("css selector", css)
    }

    /// Elements by XPath, for what only its text identifies ("//span[text()='不满意']").
    pub fn find_xpath(&self, xpath: &str) -> Vec<Element<'_>> {
        self.find_by("xpath", xpath)
    }

    /// Clicks the first element matching `css`, waiting up to 30 s until it
    /// exists and nothing (a loading mask, a closing dialog) covers it.
    pub fn click(&self, css: &str) {
        self.wait(&format!("{css} to be clickable"), || {
            let element = self.find_all(css).into_iter().next()?;
            element.try_click().ok()
        });
    }

    /// As [`Window::click`], for an element found by XPath.
    pub fn click_xpath(&self, xpath: &str) {
        self.wait(&format!("{xpath} to be clickable"), || self.find_xpath(xpath).into_iter().next()?.try_click().ok());
    }

    fn find_by(&self, using: &str, value: &str) -> Vec<Element<'_>> {
        let url = format!("{}/elements", self.session_url);
        let query = json!({ "using": using, "value": value });
        // WebKitWebDriver reports an element the page removed while it was
        // making handles for what matched as "stale": the query is asked again.
        let mut tries = 0;
        let found = loop {
            let mut response = self.agent.post(&url).send_json(&query).unwrap_or_else(|e| panic!("POST {url}: {e}"));
            let reply: Value = response.body_mut().read_json().unwrap();
            match outcome(reply.clone()) {
                Err(error) if error.contains("stale element") && tries < 5 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                _ => break value_of(&url, reply),
            }
        };
        found
            .as_array()
            .map(|items| {
                items.iter().map(|e| Element { window: self, id: e[ELEMENT].as_str().unwrap().to_owned() }).collect()
            })
            .unwrap_or_default()
    }

    /// Polls `probe` for up to 30 s; on timeout saves a screenshot of the
    /// window (`timeout.png`) before failing, so a failed run shows what was on screen.
    pub fn wait<T>(&self, what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
        let start = Instant::now();
        loop {
            if let Some(found) = probe() {
                return found;
            }
            if start.elapsed() > Duration::from_secs(30) {
                let shot = self.screenshot("timeout.png");
                panic!("timed out after 30 s waiting for {what}; the window is in {}", shot.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits up to 30 s for exactly `count` elements matching `css`.
    pub fn wait_for_count(&self, css: &str, count: usize) -> Vec<Element<'_>> {
        self.wait(&format!("{count} × {css}"), || {
            let found = self.find_all(css);
            (found.len() == count).then_some(found)
        })
    }

    /// Presses `keys` together, as a chord held down and let go in reverse
    /// order, through WebDriver's input actions: the page receives them as
    /// it receives the keyboard. "Control", "Escape" and single characters.
    pub fn press(&self, keys: &[&str]) {
        let code = |k: &str| match k {
            "Control" => "\u{E009}".to_owned(),
            "Escape" => "\u{E00C}".to_owned(),
            "Tab" => "\u{E004}".to_owned(),
            "Enter" => "\u{E007}".to_owned(),
            "ArrowUp" => "\u{E013}".to_owned(),
            "ArrowDown" => "\u{E015}".to_owned(),
            "Space" => " ".to_owned(),
            other => other.to_owned(),
        };
        let mut actions: Vec<Value> = keys.iter().map(|k| json!({ "type": "keyDown", "value": code(k) })).collect();
        actions.extend(keys.iter().rev().map(|k| json!({ "type": "keyUp", "value": code(k) })));
        post(
            &self.agent,
            &format!("{}/actions", self.session_url),
            json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] }),
        );
    }

    /// Answers the question a message box asks: waits for one saying
    /// `says`, clicks its button `button` and waits for the box to close;
    /// returns what it said.
    pub fn answer(&self, says: &str, button: &str) -> String {
        let said = self.wait_for_text(".el-message-box__message", |t| t.contains(says));
        self.click_xpath(&format!("//div[contains(@class,'el-message-box')]//button[normalize-space(.)='{button}']"));
        self.wait("the question to close", || self.find_all(".el-message-box").is_empty().then_some(()));
        said
    }

    /// Clicks the right mouse button on the first element matching `css`,
    /// near its left edge, where a field's text starts (a right click
    /// beyond the text would move the caret off a selection).
    pub fn right_click(&self, css: &str) {
        let found = self.wait_for_count(css, 1);
        let element = json!({ "element-6066-11e4-a52e-4f735466cecf": found[0].id });
        let width = found[0].rect().ok().and_then(|r| r["width"].as_f64()).unwrap_or(0.0);
        let x = -(width / 2.0).floor() as i64 + 24;
        let actions = json!([
            { "type": "pointerMove", "origin": element, "x": x, "y": 0 },
            { "type": "pointerDown", "button": 2 },
            { "type": "pointerUp", "button": 2 },
        ]);
        post(
            &self.agent,
            &format!("{}/actions", self.session_url),
            json!({ "actions": [{ "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" }, "actions": actions }] }),
        );
    }

    /// Runs `js` (a function body) in the page and returns what it returns.
    pub fn script(&self, js: &str) -> Value {
        post(&self.agent, &format!("{}/execute/sync", self.session_url), json!({ "script": js, "args": [] }))
    }

    /// Waits up to 30 s for the proposal list to count `total` proposals and
    /// show its first rows (the table draws only the rows in view).
    pub fn wait_for_list(&self, total: usize) {
        self.wait_for_text("[data-testid=list-count]", |t| t.ends_with(&format!(" {total} 件")));
        self.wait(&format!("the rows of a list of {total}"), || {
            (total == 0 || !self.find_all(".proposal-row").is_empty()).then_some(())
        });
        // The first screen is drawn before the app loads, and the app then
        // replaces it: a scroll or a key meant for the list waits for the
        // app, as its buttons do.
        self.wait("the app to take over from the first screen", || {
            let mounted = self.script("return performance.getEntriesByName('app-mounted').length > 0;");
            (mounted == Value::Bool(true)).then_some(())
        });
    }

    /// Waits up to 30 s for the one element matching `css` whose text
    /// satisfies `pred`; one the page removes meanwhile (a message fading
    /// out) is looked for again.
    pub fn wait_for_text(&self, css: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait(&format!("the text of {css}"), || {
            self.find_all(css).first().and_then(|e| e.try_text().ok()).filter(|t| pred(t))
        })
    }

    /// Saves a PNG of the display the window is on, as the clerk sees it
    /// (native dialogs included), as a test artifact and returns its path.
    /// It is read from the X server rather than through WebDriver: the
    /// window is drawn without GPU compositing, as it ships, and
    /// WebKitWebDriver's snapshot of a page with an Element Plus table then
    /// never returns, while the page itself goes on answering.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let dump = Command::new("xwd")
            .args(["-root", "-silent", "-display", &self.display])
            .output()
            .expect("xwd runs (Debian package x11-apps)");
        assert!(dump.status.success(), "xwd: {}", String::from_utf8_lossy(&dump.stderr));
        let path = artifacts_dir().join(name);
        std::fs::write(&path, xwd_to_png(&dump.stdout)).unwrap();
        path
    }
}

/// A PNG of an `xwd` dump of a TrueColor screen at 24 or 32 bits a pixel
/// (Xvfb's 24-bit screen packs its pixels in 24).
fn xwd_to_png(xwd: &[u8]) -> Vec<u8> {
    // The header is big-endian 32-bit fields, see XWDFile.h.
    let field = |i: usize| u32::from_be_bytes(xwd[i * 4..i * 4 + 4].try_into().unwrap());
    let (header, width, height) = (field(0) as usize, field(4) as usize, field(5) as usize);
    let (little_endian, bits_per_pixel, bytes_per_line) = (field(7) == 0, field(11), field(12) as usize);
    let masks = [field(14), field(15), field(16)];
    let colours = field(19) as usize;
    assert!(matches!(bits_per_pixel, 24 | 32), "a TrueColor screen, not {bits_per_pixel} bits a pixel");
    let size = bits_per_pixel as usize / 8;
    let mut rgb = Vec::with_capacity(width * height * 3);
    for line in xwd[header + colours * 12..].chunks(bytes_per_line).take(height) {
        for pixel in line[..width * size].chunks(size) {
            let mut bytes = [0; 4];
            let value = if little_endian {
                bytes[..size].copy_from_slice(pixel);
                u32::from_le_bytes(bytes)
            } else {
                bytes[4 - size..].copy_from_slice(pixel);
                u32::from_be_bytes(bytes)
            };
            rgb.extend(masks.map(|mask| ((value & mask) >> mask.trailing_zeros()) as u8));
        }
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width as u32, height as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.write_header().and_then(|mut w| w.write_image_data(&rgb)).expect("the screenshot is encoded");
    png
}

impl Drop for Window {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.session_url).call();
    }
}

pub struct Element<'w> {
    window: &'w Window,
    id: String,
}

impl Element<'_> {
    pub fn text(&self) -> String {
        self.try_text().unwrap_or_else(|e| panic!("the text of element {}: {e}", self.id))
    }

    /// A DOM property of it as text: an input's `value`, as the clerk sees it in the field.
    pub fn property(&self, name: &str) -> String {
        let url = format!("{}/element/{}/property/{name}", self.window.session_url, self.id);
        let value =
            try_get(&self.window.agent, &url).unwrap_or_else(|e| panic!("the {name} of element {}: {e}", self.id));
        value.as_str().unwrap_or_default().to_owned()
    }

    /// Its text, or why not (it went stale: the page removed it), so a wait can retry.
    fn try_text(&self) -> Result<String, String> {
        let text = try_get(&self.window.agent, &format!("{}/element/{}/text", self.window.session_url, self.id))?;
        Ok(text.as_str().unwrap_or_default().to_owned())
    }

    /// Where the element is on screen, as WebDriver reports it; an error
    /// (the element went stale) is reported, not a panic, so a wait can retry.
    fn rect(&self) -> Result<Value, String> {
        try_get(&self.window.agent, &format!("{}/element/{}/rect", self.window.session_url, self.id))
    }

    /// Clicks, reporting rather than failing when something covers the
    /// element or it is still moving: a dropdown that zooms open would
    /// otherwise take the click on the option that was under the pointer.
    fn try_click(&self) -> Result<(), String> {
        // Into view first, as a person scrolls to a button: WebKitWebDriver
        // does not bring an element out of a scrolled page section, and the
        // click then fails as if something covered it.
        let url = format!("{}/execute/sync", self.window.session_url);
        let element = json!({ ELEMENT: self.id });
        let scroll = json!({ "script": "arguments[0].scrollIntoView({ block: 'nearest' })", "args": [element] });
        self.window.agent.post(&url).send_json(scroll).map_err(|e| e.to_string())?;
        let before = self.rect()?;
        std::thread::sleep(Duration::from_millis(60));
        if self.rect()? != before {
            return Err("the element is still moving".into());
        }
        let url = format!("{}/element/{}/click", self.window.session_url, self.id);
        let mut response = self.window.agent.post(&url).send_json(json!({})).map_err(|e| e.to_string())?;
        outcome(response.body_mut().read_json().map_err(|e| e.to_string())?).map(|_| ())
    }

    /// Types `text` into the element, as a person at the keyboard would.
    pub fn type_text(&self, text: &str) {
        post(
            &self.window.agent,
            &format!("{}/element/{}/value", self.window.session_url, self.id),
            json!({ "text": text }),
        );
    }
}

fn post(agent: &ureq::Agent, url: &str, body: Value) -> Value {
    let mut response = agent.post(url).send_json(&body).unwrap_or_else(|e| panic!("POST {url}: {e}"));
    value_of(url, response.body_mut().read_json().unwrap())
}

/// A GET's value, or its error as text for a caller that retries.
fn try_get(agent: &ureq::Agent, url: &str) -> Result<Value, String> {
    let mut response = agent.get(url).call().map_err(|e| e.to_string())?;
    outcome(response.body_mut().read_json().map_err(|e| e.to_string())?)
}

/// A WebDriver reply's value, or its error as text for a caller that retries.
fn outcome(reply: Value) -> Result<Value, String> {
    match reply["value"].get("error") {
        Some(error) => Err(error.to_string()),
        None => Ok(reply["value"].clone()),
    }
}

fn value_of(url: &str, reply: Value) -> Value {
    let value = reply["value"].clone();
    if let Some(error) = value.get("error") {
        panic!("WebDriver {url}: {error}: {}", value["message"]);
    }
    value
}
