# Installation and packaging: `cmake --install` puts the tools, manual pages and bash completions
# (component Unspecified, the default) and the libraries, headers and CMake package (component
# dev) in place; `cpack -G DEB` turns them into wa-web-toolkit and wa-web-toolkit-dev. Included
# at the end of the top-level CMakeLists.txt, after every target exists. See docs/install.md.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WA_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/wa-web-toolkit)

# ---- Libraries, headers and the CMake package ---------------------------------------------------
# Consumers link the layers they need: wa::support, wa::codec, wa::crypto, wa::capture and
# wa::session (docs/api.md). All are static, so what they link privately comes along as
# link-only dependencies: the generated protobuf library (wa::codec_proto), the warnings target
# (no link items; exported only because the libraries name it) and the Debian packages the package
# config finds again (fmt, zlib, Crypto++, protobuf, tl-expected, nlohmann-json). libpcap is not
# among them: wa::capture loads it when it reads a pcap (libcapture/src/capture/pcap_library.h).
set(WA_EXPORTED_TARGETS wa_warnings)
foreach(layer support codec crypto capture session)
  if(TARGET wa_${layer})
    set_target_properties(wa_${layer} PROPERTIES EXPORT_NAME ${layer})
    list(APPEND WA_EXPORTED_TARGETS wa_${layer})
    set(folder lib${layer})
    if(layer STREQUAL "crypto")
      set(folder libcrypto_wa)
    endif()
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${folder}/include/wa DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
      COMPONENT dev FILES_MATCHING PATTERN "*.h")
  endif()
endforeach()
set_target_properties(wa_warnings PROPERTIES EXPORT_NAME warnings)
if(TARGET wa_codec_proto)
  set_target_properties(wa_codec_proto PROPERTIES EXPORT_NAME codec_proto)
  list(APPEND WA_EXPORTED_TARGETS wa_codec_proto)
endif()

install(TARGETS ${WA_EXPORTED_TARGETS} EXPORT wa-web-toolkit-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT wa-web-toolkit-targets NAMESPACE wa:: DESTINATION ${WA_INSTALL_CMAKEDIR} COMPONENT dev)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/wa-web-toolkitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/wa-web-toolkitConfig.cmake INSTALL_DESTINATION ${WA_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wa-web-toolkitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wa-web-toolkitConfig.cmake ${PROJECT_BINARY_DIR}/wa-web-toolkitConfigVersion.cmake
  DESTINATION ${WA_INSTALL_CMAKEDIR} COMPONENT dev)

# ---- Manual pages, completions, documentation (with the tools) -----------------------------------
# The tools themselves are installed by tools/CMakeLists.txt (bin/).
foreach(tool wadecode wamedia wareplay)
  if(TARGET ${tool})
    if(EXISTS ${PROJECT_SOURCE_DIR}/docs/man/${tool}.1)
      install(FILES ${PROJECT_SOURCE_DIR}/docs/man/${tool}.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    endif()
    # One script completes all three tools; bash-completion loads it by the command's name.
    install(FILES ${PROJECT_SOURCE_DIR}/docs/completion/wa-web-toolkit.bash
      DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${tool})
  endif()
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/protocol DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- Test: a tiny consumer builds against an installed tree ------------------------------------
if(WA_DEVELOPER_MODE)
  add_test(NAME install.consumer
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install/consumer_test.sh ${PROJECT_BINARY_DIR}
                   ${PROJECT_SOURCE_DIR}/tests/install/consumer ${CMAKE_CXX_COMPILER})
  set_tests_properties(install.consumer PROPERTIES LABELS install TIMEOUT 900)
endif()

# ---- Debian packages: cpack -G DEB ---------------------------------------------------------------
set(CPACK_PACKAGE_NAME wa-web-toolkit)
set(CPACK_PACKAGE_VENDOR "wa-web-toolkit developers")
set(CPACK_PACKAGE_CONTACT "wa-web-toolkit developers <wa-web-toolkit@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "protocol analysis and replay toolkit for the legacy WhatsApp Web protocol")
set(CPACK_PACKAGE_DESCRIPTION
  "wadecode decodes captured WhatsApp Web (legacy, pre-multi-device) frames and binary nodes from HAR, mitmproxy, pcap and other captures, on every core; wamedia decrypts and encrypts media files; wareplay replays recorded sessions against a live WebSocket as the client or as a mock server. The Wireshark plugin and the Python module come in packages and installs of their own (docs/wireshark.md, docs/python.md).")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL Unspecified dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The tools: the shared libraries they load, as Debian 12 names their packages (what dpkg-shlibdeps
# reports for the three binaries); Crypto++ and protobuf only when not linked from their archives.
set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_NAME wa-web-toolkit)
set(wa_tool_depends "libc6 (>= 2.34)")
if(NOT WA_CRYPTOPP_ARCHIVE)
  string(APPEND wa_tool_depends ", libcrypto++8 (>= 8.7.0)")
endif()
string(APPEND wa_tool_depends ", libfmt9 (>= 9.1.0), libgcc-s1 (>= 3.0), libpcap0.8 (>= 1.5.1)")
if(NOT WA_PROTOBUF_ARCHIVE)
  string(APPEND wa_tool_depends ", libprotobuf32 (>= 3.21.12)")
endif()
string(APPEND wa_tool_depends ", libssl3 (>= 3.0.0), libstdc++6 (>= 12), zlib1g (>= 1:1.2.0)")
set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_DEPENDS "${wa_tool_depends}")
# Executables lose their debug information in the package (static archives are left alone).
set(CPACK_STRIP_FILES ON)
# The libraries for other CMake projects: static archives, so the -dev packages they build against.
set(CPACK_DEBIAN_DEV_PACKAGE_NAME wa-web-toolkit-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "libcrypto++-dev, libprotobuf-dev (>= 3.21), libprotobuf-dev (<< 3.22), libfmt-dev, nlohmann-json3-dev, libexpected-dev, libpcap0.8, zlib1g-dev, pkg-config")
set(CPACK_COMPONENT_UNSPECIFIED_DISPLAY_NAME "tools")
set(CPACK_COMPONENT_DEV_DISPLAY_NAME "libraries and headers")
# The Wireshark plugin (tools/wireshark), when built: a package of its own, for the Wireshark 4.0
# it was built against (plugins are tied to a major.minor release).
if(TARGET waweb)
  list(APPEND CPACK_COMPONENTS_ALL wireshark)
  set(CPACK_DEBIAN_WIRESHARK_PACKAGE_NAME wa-web-toolkit-wireshark)
  set(CPACK_DEBIAN_WIRESHARK_PACKAGE_SECTION net)
  math(EXPR wa_next_minor "${WA_WIRESHARK_MINOR} + 1")
  set(CPACK_DEBIAN_WIRESHARK_PACKAGE_DEPENDS
    "libwireshark16 (>= ${WA_WIRESHARK_MAJOR}.${WA_WIRESHARK_MINOR}), libwireshark16 (<< ${WA_WIRESHARK_MAJOR}.${wa_next_minor}), libglib2.0-0 (>= 2.54), libprotobuf32 (>= 3.21.12), libfmt9 (>= 9.1.0), libpcap0.8 (>= 1.5.1), zlib1g (>= 1:1.2.0), libstdc++6 (>= 12), libc6 (>= 2.34), libgcc-s1 (>= 3.0)")
  set(CPACK_DEBIAN_WIRESHARK_PACKAGE_ENHANCES "wireshark, tshark")
  set(CPACK_COMPONENT_WIRESHARK_DISPLAY_NAME "Wireshark plugin")
  set(CPACK_DEBIAN_WIRESHARK_DESCRIPTION "The Wireshark and tshark dissector plugin waweb.so: WhatsApp Web (legacy) frames on WebSocket shown decrypted, as node trees with WebMessageInfo fields, filterable (waweb.*), with the session's keys from a key file (preference waweb.keys_file).")
endif()
# Long descriptions; CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY above each as its summary line.
set(CPACK_DEBIAN_UNSPECIFIED_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_DEV_DESCRIPTION "Development files: the static libraries of the layered stack, wa::support (errors, bytes, text), wa::codec (tokens, binary nodes, frames, WebMessageInfo, node JSON), wa::crypto (session keys, frame cipher, media, key files), wa::capture (capture readers, TCP reassembly, WebSocket, permessage-deflate) and wa::session (the keys of a capture and the message pipeline, on one thread or several), their headers, and a CMake package for find_package(wa-web-toolkit).")
include(CPack)
