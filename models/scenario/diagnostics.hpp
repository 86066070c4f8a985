// Errors in scenario and sweep files, reported all at once with their place.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace models {

// One problem in an input file: where it is (file, 1-based line and column, YAML path), what was
// found and what was expected.
struct Diagnostic {
  std::string file;  // a path, or "--set" for a command-line override
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
  std::string path;  // dotted YAML path, e.g. "disputes.azure_exclusivity.outcomes"
  std::string message;
  // The file itself could not be read (missing, a folder, too large, not permitted), as opposed
  // to a problem in what it says: the commands exit 3 for these, 2 for the others.
  bool unreadable = false;

  // "file:line:column: path: message"
  std::string to_string() const;
};

// Thrown when an input has problems; carries every diagnostic found, not just the first.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // True when some file could not be read at all (see Diagnostic::unreadable).
  bool unreadable() const;

 private:
  std::vector<Diagnostic> diagnostics_;
};

// The known name closest to `name` by edit distance, or "" when none is close enough to be a
// plausible typo.
std::string nearest_name(const std::string& name, const std::vector<std::string>& known);

}  // namespace models
