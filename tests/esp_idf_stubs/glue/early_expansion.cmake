# Stand-in for ESP-IDF's requirement pass: reads the top-level
# CMakeLists.txt in script mode, as ESP-IDF does before any project
# exists, with an idf_component_register that records its arguments and
# returns. Fails when that file uses a command script mode lacks.
#
#   cmake -DUSRDTU_ROOT=<repo> -P early_expansion.cmake
cmake_minimum_required(VERSION 3.16)
set(ESP_PLATFORM 1)
set(CMAKE_BUILD_EARLY_EXPANSION 1)
set(COMPONENT_LIB __idf_usrdtu)

macro(idf_component_register)
  cmake_parse_arguments(_reg "" "" "SRCS;INCLUDE_DIRS;PRIV_INCLUDE_DIRS;REQUIRES;PRIV_REQUIRES" ${ARGN})
  set(USRDTU_GLUE_SRCS ${_reg_SRCS})
  set(USRDTU_GLUE_PRIV_REQUIRES ${_reg_PRIV_REQUIRES})
endmacro()

include("${USRDTU_ROOT}/CMakeLists.txt")

list(LENGTH USRDTU_GLUE_SRCS _n)
if(_n EQUAL 0)
  message(FATAL_ERROR "early expansion: idf_component_register got no sources")
endif()
message(STATUS "early expansion: ${_n} sources, PRIV_REQUIRES ${USRDTU_GLUE_PRIV_REQUIRES}")
