# Every external dependency, each from a Debian package (see scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
pkg_check_modules(CRYPTOPP REQUIRED IMPORTED_TARGET libcrypto++)
find_package(Protobuf REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(tl-expected REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(OpenSSL REQUIRED)
pkg_check_modules(PCAP REQUIRED IMPORTED_TARGET libpcap)
# The tools start in about half the time and call into protobuf and Crypto++ directly when these
# come from their static archives (both in the same Debian -dev packages as the shared ones).
option(WA_STATIC_DEPS "link protobuf and Crypto++ statically when their archives are installed" ON)
if(WA_STATIC_DEPS)
  find_library(WA_PROTOBUF_ARCHIVE NAMES libprotobuf.a)
  find_library(WA_CRYPTOPP_ARCHIVE NAMES libcrypto++.a HINTS ${CRYPTOPP_LIBRARY_DIRS})
  if(WA_PROTOBUF_ARCHIVE)
    set_target_properties(protobuf::libprotobuf PROPERTIES
      IMPORTED_LOCATION ${WA_PROTOBUF_ARCHIVE}
      IMPORTED_LOCATION_RELEASE ${WA_PROTOBUF_ARCHIVE}
      IMPORTED_LOCATION_DEBUG ${WA_PROTOBUF_ARCHIVE}
      INTERFACE_LINK_LIBRARIES "Threads::Threads;ZLIB::ZLIB")
  endif()
  if(WA_CRYPTOPP_ARCHIVE)
    set_target_properties(PkgConfig::CRYPTOPP PROPERTIES INTERFACE_LINK_LIBRARIES ${WA_CRYPTOPP_ARCHIVE})
  endif()
endif()
# Shared objects (the Wireshark plugin, the Python module) cannot take protobuf's archive: it uses
# initial-exec thread-locals, which a dlopen()ed library may not. wa_link_shared_protobuf(target)
# puts the shared library first on the target's link line and keeps it loaded (the toolchain links
# --as-needed, which would drop it before the libraries that need it), so that the archive the
# libraries name is never pulled in.
find_library(WA_PROTOBUF_SHARED NAMES libprotobuf.so.32 libprotobuf.so)
function(wa_link_shared_protobuf target)
  if(NOT WA_PROTOBUF_SHARED)
    message(FATAL_ERROR "${target} needs the shared libprotobuf (libprotobuf32, libprotobuf-dev)")
  endif()
  target_link_options(${target} PRIVATE -Wl,--no-as-needed)
  target_link_libraries(${target} PRIVATE ${WA_PROTOBUF_SHARED})
endfunction()
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
add_library(wa_cli11 INTERFACE)
target_include_directories(wa_cli11 SYSTEM INTERFACE ${CLI11_INCLUDE_DIR})
if(WA_DEVELOPER_MODE)
  find_package(GTest REQUIRED)
  find_package(benchmark REQUIRED)
endif()
