// The message catalogues are built into the binary: rebuild when any
// `.ftl` file is added, removed or changed.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
