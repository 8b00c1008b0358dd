//! The files shipped inside the binary: the standards of `standards/` and the bundled sample, so
//! that an installed `listingcheck` works away from its checkout and `listingcheck init` can
//! write a working folder. A test keeps this list equal to the files in the repository.

/// One shipped file: its path relative to a working folder, and its text.
#[derive(Clone, Copy, Debug)]
pub struct EmbeddedFile {
    pub path: &'static str,
    pub text: &'static str,
}

macro_rules! shipped {
    ($path:literal) => {
        EmbeddedFile {
            path: $path,
            text: include_str!(concat!("../../", $path)),
        }
    };
}

/// Every standard under `standards/`.
pub const STANDARDS: &[EmbeddedFile] = &[
    shipped!("standards/daxa-best-practices/2024-07.toml"),
    shipped!("standards/daxa-best-practices/2025-06.toml"),
    shipped!("standards/fss-listing/2026-draft-a.toml"),
    shipped!("standards/fss-listing/2026-draft-b.toml"),
    shipped!("standards/listing-monitor/2026-12.toml"),
];

/// The bundled sample snapshot.
pub const SAMPLE_SNAPSHOT: EmbeddedFile = shipped!("snapshots/sample-20261120T000000Z.json");

/// The sample's waivers.
pub const SAMPLE_WAIVERS: EmbeddedFile = shipped!("snapshots/sample-waivers.toml");

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn the_embedded_standards_are_exactly_the_files_in_the_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let on_disk: Vec<String> = crate::inputs::standard::standard_files(&root.join("standards"))
            .unwrap()
            .iter()
            .map(|path| crate::text::display_path(path.strip_prefix(root).unwrap()))
            .collect();
        let embedded: Vec<&str> = STANDARDS.iter().map(|file| file.path).collect();
        assert_eq!(embedded, on_disk, "update STANDARDS in src/embedded.rs");
    }

    #[test]
    fn the_embedded_sample_is_the_newest_snapshot_in_the_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let newest = crate::snapshot::newest_in(&root.join("snapshots")).unwrap();
        assert_eq!(
            crate::text::display_path(newest.strip_prefix(root).unwrap()),
            SAMPLE_SNAPSHOT.path
        );
        assert!(root.join(SAMPLE_WAIVERS.path).is_file());
    }
}
