# One-line helpers for the libraries and for test, benchmark and fuzz targets.

# wa_add_layer(<name> [PUBLIC <items>...] [PRIVATE <items>...]): the static library wa_<name> of the
# calling folder, with the alias wa::<name>. Its sources are globbed from src/ (a new file needs no
# edit in CMake; with none yet, cmake/empty.cpp keeps the target so that dependents configure); its
# public headers are include/ (include/ of the installed tree), its private ones src/; C++20 reaches
# its users. It links PUBLIC and PRIVATE as given, and the project warnings privately.
function(wa_add_layer name)
  cmake_parse_arguments(ARG "" "" "PUBLIC;PRIVATE" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
  if(NOT sources)
    set(sources ${PROJECT_SOURCE_DIR}/cmake/empty.cpp)
  endif()
  add_library(wa_${name} STATIC ${sources})
  add_library(wa::${name} ALIAS wa_${name})
  target_compile_features(wa_${name} PUBLIC cxx_std_20)
  target_include_directories(wa_${name}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(wa_${name} PUBLIC ${ARG_PUBLIC} PRIVATE wa::warnings ${ARG_PRIVATE})
endfunction()

# wa_add_gtest(<name> SOURCES ... LIBS ...): a GoogleTest executable registered with CTest.
function(wa_add_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main wa::warnings)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE WA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit)
endfunction()

# wa_add_benchmark(<name> SOURCES ... LIBS ...): a Google Benchmark executable (not run by CTest).
function(wa_add_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} benchmark::benchmark wa::warnings)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
endfunction()

# wa_add_fuzzer(<name> SOURCES ... LIBS ...): a fuzz target. With WA_FUZZ (clang) it links
# libFuzzer; otherwise a replay main runs it over corpus/fuzz/<name>/ under CTest.
function(wa_add_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  if(WA_FUZZ)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  else()
    target_sources(${name} PRIVATE ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
    add_test(NAME fuzz_replay.${name}
             COMMAND ${name} ${PROJECT_SOURCE_DIR}/corpus/fuzz/${name})
    set_tests_properties(fuzz_replay.${name} PROPERTIES LABELS fuzz)
  endif()
endfunction()
