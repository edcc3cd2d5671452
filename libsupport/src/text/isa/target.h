// Compiling a region of a file for one x86 instruction set while the build targets baseline x86-64
// (private). Only kernels_x86.cpp uses it; the standard headers go before the region, so that no
// inline function outside the kernels is ever compiled for an instruction set the CPU may lack.
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#define WA_TEXT_X86 1
#else
#define WA_TEXT_X86 0
#endif

#if WA_TEXT_X86
#if defined(__clang__)
#define WA_TEXT_TARGET_SSE42_BEGIN \
  _Pragma("clang attribute push(__attribute__((target(\"sse4.2\"))), apply_to = function)")
#define WA_TEXT_TARGET_AVX2_BEGIN \
  _Pragma("clang attribute push(__attribute__((target(\"avx2\"))), apply_to = function)")
#define WA_TEXT_TARGET_AVX512VBMI_BEGIN \
  _Pragma("clang attribute push(__attribute__((target(\"avx512f,avx512bw,avx512vbmi\"))), apply_to = function)")
#define WA_TEXT_TARGET_END _Pragma("clang attribute pop")
#else
#define WA_TEXT_TARGET_SSE42_BEGIN _Pragma("GCC push_options") _Pragma("GCC target(\"sse4.2\")")
#define WA_TEXT_TARGET_AVX2_BEGIN _Pragma("GCC push_options") _Pragma("GCC target(\"avx2\")")
#define WA_TEXT_TARGET_AVX512VBMI_BEGIN _Pragma("GCC push_options") _Pragma("GCC target(\"avx512f,avx512bw,avx512vbmi\")")
#define WA_TEXT_TARGET_END _Pragma("GCC pop_options")
#endif
#endif
