"""Annual fees of the universities' patents: the register of fees paid, the IP centre's pages, and the
daily step that reminds and lapses (see `due`)."""
