//! `journeymap schema`: the JSON Schema of the map format, for editors.

use std::process::ExitCode;

use anyhow::Result;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap schema > journeymap.schema.json\n\nThen start a map with\n  # yaml-language-server: $schema=./journeymap.schema.json\nor map the schema to your maps in the editor's `yaml.schemas` setting."
)]
pub struct SchemaArgs {}

pub fn run(_args: &SchemaArgs) -> Result<ExitCode> {
    let schema = serde_json::to_string_pretty(&crate::format::schema::json_schema())?;
    println!("{schema}");
    Ok(ExitCode::SUCCESS)
}
