// The source revision a build was made from, written into every output file and `--version`.
#pragma once

namespace models {

// `git describe --always --dirty --tags` of the sources at build time (a commit, with "-dirty"
// when files differed from it), or "unknown (not built from a git checkout)".
const char* source_revision();

}  // namespace models
