//! How journeymap is shipped: the release workflow, the installer the action uses,
//! the Dockerfile and the release script agree on targets, file names and paths;
//! the README's recipes are the files this repository ships. The static binary
//! itself is checked by `static_linux_binary`, which `scripts/build-release.sh`
//! runs after building it (a release build is too slow for every test run).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::root;

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The targets of the release workflow's build matrix.
fn release_targets() -> Vec<String> {
    read(".github/workflows/release.yml")
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- { target: "))
        .map(|rest| rest.split(',').next().unwrap().trim().to_owned())
        .collect()
}

#[test]
fn the_release_builds_every_platform_the_installer_downloads() {
    let targets = release_targets();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc"
        ]
    );
    let release = read(".github/workflows/release.yml");
    assert!(
        release.contains("checksum: sha256"),
        "archives come with their SHA-256"
    );
    assert!(release.contains("locked: true"));
    let installer = read("scripts/action/install.sh");
    for target in &targets {
        assert!(
            installer.contains(&format!("target={target} ;;")),
            "install.sh downloads {target}"
        );
    }
    let installer_targets = installer.matches(" target=").count();
    assert_eq!(
        installer_targets,
        targets.len(),
        "install.sh knows no other target"
    );
    // upload-rust-binary-action names archives `$bin-$target` and the checksum file
    // `$archive.sha256`: what install.sh downloads.
    assert!(installer.contains(r#"archive="journeymap-$target.tar.gz""#));
    assert!(installer.contains(r#"sums="journeymap-$target.sha256""#));
}

#[test]
fn the_image_holds_the_binary_the_script_and_the_workflow_build() {
    let dockerfile = read("Dockerfile");
    let instructions: Vec<&str> = dockerfile
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert_eq!(
        instructions[0], "FROM scratch",
        "a minimal base: nothing but the binary"
    );
    assert!(instructions.contains(&"COPY dist/${TARGETARCH}/journeymap /usr/local/bin/journeymap"));
    assert!(instructions.contains(&r#"ENTRYPOINT ["/usr/local/bin/journeymap"]"#));
    let script = read("scripts/build-release.sh");
    assert!(script.contains("target=x86_64-unknown-linux-musl"));
    assert!(
        script.contains("cp \"$binary\" dist/amd64/journeymap"),
        "ARG TARGETARCH=amd64 finds it"
    );
    assert!(dockerfile.contains("ARG TARGETARCH=amd64"));
    let release = read(".github/workflows/release.yml");
    assert!(release.contains("dist/x86_64-unknown-linux-musl/journeymap dist/amd64/journeymap"));
    assert!(release.contains("dist/aarch64-unknown-linux-musl/journeymap dist/arm64/journeymap"));
    assert!(release.contains("platforms: linux/amd64,linux/arm64"));
}

#[test]
fn the_readme_hook_is_the_shipped_hook_and_the_hooks_filter_to_maps() {
    let readme = read("README.md");
    let hook = read("scripts/hooks/pre-commit");
    assert!(
        readme.contains(&format!("```sh\n{hook}```")),
        "README shows scripts/hooks/pre-commit as it is"
    );
    let hooks = read(".pre-commit-hooks.yaml");
    let patterns: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("files: "))
        .collect();
    assert_eq!(
        patterns, [r"(^|/)maps/.*\.ya?ml$"; 2],
        "every hook has a files: pattern"
    );
    assert!(
        readme.contains("    rev: v0.2.0\n"),
        "the README pins rev: to a tag"
    );
    assert!(!readme.contains("rev: main"));
}

/// The binary `scripts/build-release.sh` built: static (no program interpreter,
/// so no libc to find), under 30 MB, and it runs.
#[test]
#[ignore = "run by scripts/build-release.sh after the release build"]
fn static_linux_binary() {
    let path = root().join("dist/amd64/journeymap");
    let bytes =
        std::fs::read(&path).expect("scripts/build-release.sh builds dist/amd64/journeymap");
    assert!(bytes.len() < 30 * 1024 * 1024, "{} bytes", bytes.len());
    // ELF64 little-endian: program headers at e_phoff (0x20), e_phentsize (0x36),
    // e_phnum (0x38); a PT_INTERP (3) header names the dynamic loader.
    assert_eq!(&bytes[..6], b"\x7fELF\x02\x01");
    let u16_at = |at: usize| usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
    let offset =
        usize::try_from(u64::from_le_bytes(bytes[0x20..0x28].try_into().unwrap())).unwrap();
    let (size, count) = (u16_at(0x36), u16_at(0x38));
    let interpreters = (0..count)
        .filter(|i| u32::from_le_bytes(bytes[offset + i * size..][..4].try_into().unwrap()) == 3)
        .count();
    assert_eq!(
        interpreters, 0,
        "a static binary has no program interpreter"
    );
    let version = std::process::Command::new(&path)
        .arg("--version")
        .output()
        .unwrap();
    assert!(version.status.success());
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("journeymap "));
}
