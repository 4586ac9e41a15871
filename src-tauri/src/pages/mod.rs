//! The window's commands, one file per page of the window (and `shell`
//! for what every page shares). Each is declared once in `tian-commands`;
//! [`invoke_handler`] answers exactly the declared ones, and each page's
//! function is checked against its declaration when this compiles.

pub mod backups;
pub mod dashboard;
pub mod desk;
pub mod evaluation;
pub mod exchange;
pub mod list;
pub mod proposal;
pub mod report;
pub mod settings;
pub mod shell;
pub mod statistics;

use crate::workspace::{Cx, Reply};

macro_rules! handlers {
    ($(
        $(#[doc = $page_doc:literal])*
        $page:ident {
            $( $kind:ident fn $name:ident ( $($arg:ident : $ty:ty),* ) -> $answer:ty ; )*
        }
    )*) => {
        /// Every declared command, answered by its page's function.
        pub fn invoke_handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($($page::$name),*),*]
        }

        $($( takes_and_gives!($kind $page $name ($($arg: $ty),*) -> $answer); )*)*
    };
}

/// Fails to compile unless `$page::$name` takes the declared arguments, in the
/// declared order, and answers the declared type, as declared sync or async.
macro_rules! takes_and_gives {
    (async $page:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $answer:ty) => {
        const _: () = {
            #[allow(dead_code)]
            fn declared(cx: Cx, $($arg: $ty),*) -> impl std::future::Future<Output = Reply<$answer>> {
                $page::$name(cx, $($arg),*)
            }
        };
    };
    (sync $page:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $answer:ty) => {
        const _: () = {
            #[allow(dead_code)]
            fn declared(cx: Cx, $($arg: $ty),*) -> Reply<$answer> {
                $page::$name(cx, $($arg),*)
            }
        };
    };
}

#[allow(unused_imports)]
use tian_commands::types::*;
tian_commands::window_commands!(handlers);
