//! Regions (oblasts): the code the register stores ("Zhambyl") and the
//! official names a form or an imported file may give instead.

/// A region of the `regions` table. Names are `None` for a region typed by
/// hand before the table existed (see migration `…11_regions`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Region {
    pub code: String,
    pub name_en: Option<String>,
    pub name_ru: Option<String>,
    pub name_kk: Option<String>,
}

impl Region {
    /// A region known by its code only.
    pub fn code_only(code: impl Into<String>) -> Region {
        Region { code: code.into(), name_en: None, name_ru: None, name_kk: None }
    }

    /// Whether `typed` names this region: its code or any of its three
    /// names, ignoring case (Cyrillic included) and surrounding space.
    pub fn is_named(&self, typed: &str) -> bool {
        let typed = typed.trim().to_lowercase();
        [Some(&self.code), self.name_en.as_ref(), self.name_ru.as_ref(), self.name_kk.as_ref()]
            .into_iter()
            .flatten()
            .any(|name| name.to_lowercase() == typed)
    }
}

/// The code of the region `typed` names, if any.
pub fn resolve<'a>(regions: &'a [Region], typed: &str) -> Option<&'a str> {
    regions.iter().find(|r| r.is_named(typed)).map(|r| r.code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zhambyl() -> Region {
        Region {
            code: "Zhambyl".into(),
            name_en: Some("Zhambyl Region".into()),
            name_ru: Some("Жамбылская область".into()),
            name_kk: Some("Жамбыл облысы".into()),
        }
    }

    #[test]
    fn a_region_is_found_by_its_code_or_any_of_its_names() {
        let regions = [zhambyl(), Region::code_only("Атлантида")];
        for typed in ["Zhambyl", " zhambyl region ", "ЖАМБЫЛСКАЯ ОБЛАСТЬ", "жамбыл облысы", "атлантида"]
        {
            assert!(resolve(&regions, typed).is_some(), "{typed}");
        }
        assert_eq!(resolve(&regions, "Жамбылская область"), Some("Zhambyl"));
        assert_eq!(resolve(&regions, "Жамбыл"), None, "no guessing from a part of a name");
        assert_eq!(resolve(&regions, ""), None);
    }
}
