# Project warnings as an INTERFACE target, linked PRIVATE by every project target.
add_library(wa_warnings INTERFACE)
target_compile_options(wa_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  # Designated initializers that leave members to their defaults are intended.
  -Wno-missing-field-initializers
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual)
add_library(wa::warnings ALIAS wa_warnings)
