//! The least a Tauri window can be: Tian's startup is measured against it.

fn main() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("the window opens");
}
