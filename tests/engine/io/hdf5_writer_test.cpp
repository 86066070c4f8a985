#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>

#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/io/detail/damaged_file_guard.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/kernel/error.hpp"

namespace {

std::filesystem::path fresh_folder(const std::string& name) {
  const auto folder = std::filesystem::temp_directory_path() / ("dealsim_test_" + name);
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

std::vector<double> read_doubles(const std::filesystem::path& file, const char* dataset) {
  const hid_t handle = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(handle >= 0);
  const hid_t data = H5Dopen2(handle, dataset, H5P_DEFAULT);
  const hid_t space = H5Dget_space(data);
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  H5Dread(data, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Sclose(space);
  H5Dclose(data);
  H5Fclose(handle);
  return values;
}

}  // namespace

TEST_CASE("hdf5: a committed file holds its datasets and replaces the destination",
          "[engine][hdf5]") {
  const auto folder = fresh_folder("commit");
  const auto path = folder / "out.h5";
  { std::ofstream(path) << "previous contents"; }
  {
    sim::Hdf5Writer writer(path, sim::Hdf5Writer::Mode::Replace);
    writer.write("metrics/npv", std::vector<double>{1.5, 2.5, 3.5});
    writer.set_attribute("/", "complete", std::int64_t{1});
    writer.set_attribute("/metrics/npv", "units", std::string("USD billions"));
    REQUIRE(std::filesystem::exists(writer.temporary_path()));
    writer.commit();
  }
  REQUIRE(read_doubles(path, "metrics/npv") == std::vector<double>{1.5, 2.5, 3.5});
  REQUIRE(std::distance(std::filesystem::directory_iterator(folder),
                        std::filesystem::directory_iterator{}) == 1);
}

TEST_CASE("hdf5: an abandoned writer leaves the previous file untouched", "[engine][hdf5]") {
  const auto folder = fresh_folder("abandon");
  const auto path = folder / "out.h5";
  {
    sim::Hdf5Writer writer(path);
    writer.write("x", std::vector<double>{1.0});
    writer.commit();
  }
  {
    sim::Hdf5Writer writer(path);
    writer.write("x", std::vector<double>{2.0});
    // no commit: as if the run failed
  }
  REQUIRE(read_doubles(path, "x") == std::vector<double>{1.0});
  REQUIRE(std::distance(std::filesystem::directory_iterator(folder),
                        std::filesystem::directory_iterator{}) == 1);
}

TEST_CASE("hdf5: a writer that creates refuses a destination that appeared while it wrote",
          "[engine][hdf5]") {
  const auto folder = fresh_folder("race");
  const auto path = folder / "out.h5";
  {
    sim::Hdf5Writer writer(path);
    writer.write("x", std::vector<double>{1.0});
    // Another run finishes first.
    std::ofstream(path) << "the other run's file";
    REQUIRE_THROWS_AS(writer.commit(), sim::DestinationExists);
  }
  std::ifstream kept(path);
  std::string text;
  std::getline(kept, text);
  REQUIRE(text == "the other run's file");
  // Nothing else is left behind: no temporary.
  REQUIRE(std::distance(std::filesystem::directory_iterator(folder),
                        std::filesystem::directory_iterator{}) == 1);
}

TEST_CASE("hdf5: temporaries of dead processes are removed, a live process's are kept",
          "[engine][hdf5]") {
  const auto folder = fresh_folder("stale");
  // The writer's own temporary names this host and process; find the host part from one.
  std::string marker;
  {
    sim::Hdf5Writer writer(folder / "probe.h5");
    marker = writer.temporary_path().filename().string();
  }
  const std::string prefix = marker.substr(0, marker.rfind('-') + 1);  // ".probe.h5.tmp-HOST-"
  const std::string host_part = prefix.substr(std::string(".probe.h5").size());
  // PIDs above the kernel's maximum (4194304) never belong to a live process.
  const auto dead = folder / (".old.h5" + host_part + "999999999");
  const auto alive = folder / (".old.h5" + host_part + std::to_string(getpid()));
  const auto other_host = folder / ".old.h5.tmp-elsewhere-999999999";
  for (const auto& path : {dead, alive, other_host})
    std::ofstream(path) << "partial";
  const auto removed = sim::remove_stale_temporaries(folder);
  REQUIRE(removed == std::vector<std::filesystem::path>{dead});
  REQUIRE_FALSE(std::filesystem::exists(dead));
  REQUIRE(std::filesystem::exists(alive));
  REQUIRE(std::filesystem::exists(other_host));

  // A leftover with this process's own id (an earlier process whose id was reused) does not stop
  // a new writer of that file.
  const auto reused = folder / (".old.h5" + host_part + std::to_string(getpid()));
  {
    sim::Hdf5Writer writer(folder / "old.h5");
    REQUIRE(writer.temporary_path() == reused);
    writer.write("x", std::vector<double>{1.0});
    writer.commit();
  }
  REQUIRE(std::filesystem::exists(folder / "old.h5"));
  REQUIRE_FALSE(std::filesystem::exists(reused));
}

TEST_CASE("hdf5: a missing folder is an I/O error naming the path", "[engine][hdf5]") {
  REQUIRE_THROWS_AS(sim::Hdf5Writer("/nonexistent/folder/out.h5"), sim::IoError);
  REQUIRE_THROWS_WITH(sim::Hdf5Writer("/nonexistent/folder/out.h5"),
                      Catch::Contains("/nonexistent/folder"));
}

TEST_CASE("hdf5: a fault while reading a damaged file exits 3 with a message naming it",
          "[engine][hdf5]") {
  int pipe_ends[2];
  REQUIRE(pipe(pipe_ends) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    dup2(pipe_ends[1], STDERR_FILENO);
    const sim::detail::DamagedFileGuard outer("outer.h5");
    { const sim::detail::DamagedFileGuard inner("inner.h5"); }
    raise(SIGSEGV);  // as libhdf5 does on a wild global-heap address
    _exit(0);
  }
  close(pipe_ends[1]);
  char text[512] = {};
  const ssize_t length = read(pipe_ends[0], text, sizeof text - 1);
  close(pipe_ends[0]);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 3);
  REQUIRE(length > 0);
  // The inner guard restored the outer one's message when it ended.
  REQUIRE_THAT(std::string(text), Catch::StartsWith("dealsim: outer.h5 is damaged"));
}
