"""The administrators' platform-wide lists: every patent, licence and payment, searchable, filtered and
downloadable (CSV, XLSX)."""
