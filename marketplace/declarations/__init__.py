"""Open-licence declarations: the legal facts checked before publishing, the published terms and
their pricing plan, versions and withdrawal."""
