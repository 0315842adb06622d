//! The Fluent messages and the migrations are compiled into the binary by
//! macros that cargo cannot see reading them: rebuild when any locale file
//! or migration changes.

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=migrations");
}
