# Shared build settings and the one function every module uses.

set(MW_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports -Wrestrict falsely on inlined std::string concatenation at -O2/-O3
  # (GCC bug 105329); it fires in Release builds on correct code.
  list(APPEND MW_WARNINGS -Wno-restrict)
endif()
if(MW_WERROR)
  list(APPEND MW_WARNINGS -Werror)
endif()

# Disk: `make test` builds two trees (Debug and ASan) and they took 6.9 GB, most of it debug
# information (Beast's template names) and static libraries that copy every object file; a CI
# machine ran out of space in the second tree. Debug sections are compressed (gdb, addr2line
# and the sanitizers' symbolizer read them as they are) and the libraries are thin archives
# that point at the object files instead of copying them; they are never installed.
add_compile_options(-gz)
add_link_options(-gz)
set(CMAKE_CXX_ARCHIVE_CREATE "<CMAKE_AR> qcT <TARGET> <LINK_FLAGS> <OBJECTS>")
set(CMAKE_CXX_ARCHIVE_APPEND "<CMAKE_AR> qT <TARGET> <LINK_FLAGS> <OBJECTS>")

if(MW_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  # TSan's instrumentation at -O1 makes GCC 12 report -Wnull-dereference inside libstdc++'s
  # <streambuf> (std::getline in replay_test.cpp); the plain and ASan builds keep it on.
  list(APPEND MW_WARNINGS -Wno-null-dereference)
  add_link_options(-fsanitize=thread)
elseif(MW_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
if(MW_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# minewatch_module(<name> [DEPS <targets>...])
# Builds mw_<name> from the *.cpp files of the current folder and its subfolders, and
# <name>_test from the *_test.cpp files beside them (architecture.md §2: tests beside code).
function(minewatch_module name)
  cmake_parse_arguments(M "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(tests ${srcs})
  list(FILTER srcs EXCLUDE REGEX "_test\\.cpp$")
  list(FILTER tests INCLUDE REGEX "_test\\.cpp$")
  if(srcs)
    add_library(mw_${name} STATIC ${srcs})
    target_include_directories(mw_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_compile_options(mw_${name} PRIVATE ${MW_WARNINGS})
    target_link_libraries(mw_${name} PUBLIC ${M_DEPS})
  else()  # headers only, so far
    add_library(mw_${name} INTERFACE)
    target_include_directories(mw_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(mw_${name} INTERFACE ${M_DEPS})
  endif()
  if(MW_TESTS AND tests)
    add_executable(${name}_test ${tests})
    target_compile_options(${name}_test PRIVATE ${MW_WARNINGS})
    target_link_libraries(${name}_test PRIVATE mw_${name} GTest::gtest_main GTest::gmock)
    gtest_discover_tests(${name}_test DISCOVERY_MODE PRE_TEST
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
      PROPERTIES ENVIRONMENT "MW_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  endif()
endfunction()
