"""The technology needs library (企业技术需求库): enterprises' needs, their pages and their lifecycle."""
