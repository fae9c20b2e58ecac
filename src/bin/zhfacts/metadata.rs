//! What is known about documents beforehand: `--metadata docs.csv`
//! (path,date,place), `--date`, `--place`.

use std::collections::HashMap;
use std::path::Path;

/// Reference year and place of a document.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub year: Option<i32>,
    pub place: Option<String>,
}

/// Rows of `--metadata`, found by the document's path as given, else by its file name.
#[derive(Default)]
pub struct Metadata {
    by_path: HashMap<String, Meta>,
    by_name: HashMap<String, Meta>,
}

/// The year of `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYYMMDD`, `YYYY/MM/DD`.
pub fn parse_year(s: &str) -> Result<i32, String> {
    zhfacts::year_of_date(s).ok_or_else(|| format!("not a date (YYYY, YYYY-MM or YYYY-MM-DD between 1900 and 2200): {:?}", s.trim()))
}

impl Metadata {
    /// Reads a CSV with a header naming a `path` column and optionally `date` and `place`.
    pub fn load(file: &Path) -> Result<Metadata, String> {
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let headers = rdr.headers().map_err(|e| format!("{}: {e}", file.display()))?.clone();
        let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        let path_col = col("path").ok_or_else(|| format!("{}: no `path` column in the header", file.display()))?;
        let (date_col, place_col) = (col("date"), col("place"));
        let mut md = Metadata::default();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| format!("{}: {e}", file.display()))?;
            let field = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::trim).filter(|s| !s.is_empty());
            let Some(path) = field(Some(path_col)) else { continue };
            let year = match field(date_col) {
                Some(d) => Some(parse_year(d).map_err(|e| format!("{} line {}: {e}", file.display(), i + 2))?),
                None => None,
            };
            let meta = Meta { year, place: field(place_col).map(str::to_string) };
            if let Some(name) = Path::new(path).file_name() {
                md.by_name.insert(name.to_string_lossy().into_owned(), meta.clone());
            }
            md.by_path.insert(path.to_string(), meta);
        }
        Ok(md)
    }

    pub fn get(&self, path: &str) -> Option<&Meta> {
        self.by_path.get(path).or_else(|| {
            let name = Path::new(path).file_name()?.to_string_lossy();
            self.by_name.get(name.as_ref())
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn years() {
        use super::parse_year as p;
        assert_eq!(p("2019"), Ok(2019));
        assert_eq!(p("2019-06-21"), Ok(2019));
        assert_eq!(p("20190621"), Ok(2019));
        assert!(p("19").is_err() && p("abcd").is_err() && p("3019").is_err());
    }
}
