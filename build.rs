//! The Fluent messages are compiled into the binary by a macro that cargo
//! cannot see reading them: rebuild when any locale file changes.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
