# tgc_compile_model(<target>
#                   GRAPH <graph.pb | graph.pbtxt>
#                   FETCH <node>...
#                   [FEED <node:shape>...]
#                   [CLASS <ns::Name>]
#                   [STATIC_RUNTIME]
#                   [EXTRA_ARGS <tgc flags>...])
#
# Compiles a TensorFlow graph with tgc at build time into <target>.o and
# <target>.h (in ${CMAKE_CURRENT_BINARY_DIR}/<target>/) and defines a static
# library <target> that carries the object, puts the header on the include
# path and links the runtime: tgc::tgrt (libtgrt.so), or tgc::tgrt_static
# (libtgrt.a) with STATIC_RUNTIME. An application does:
#
#   find_package(tgc REQUIRED)           # not needed inside tgc's own build
#   tgc_compile_model(mnist_mlp GRAPH mnist_mlp.pb FETCH probs
#                     FEED x:1x784 CLASS mnist::Mlp)
#   target_link_libraries(app PRIVATE mnist_mlp)      # #include "mnist_mlp.h"
#
# The compiler is the `tgc` target of tgc's own build, else the installed
# package's tgc::tgc, else TGC_EXECUTABLE (searched on the PATH when unset).
# The runtime is tgc::tgrt / tgc::tgrt_static, or, for projects that
# describe the runtime themselves, a target named tgrt.
function(tgc_compile_model target)
  cmake_parse_arguments(ARG "STATIC_RUNTIME" "GRAPH;CLASS" "FETCH;FEED;EXTRA_ARGS" ${ARGN})
  if(NOT ARG_GRAPH)
    message(FATAL_ERROR "tgc_compile_model(${target}): GRAPH is required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tgc_compile_model(${target}): unknown arguments "
                        "${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(TARGET tgc)
    set(tgc_exe $<TARGET_FILE:tgc>)
    set(tgc_dep tgc)
  elseif(TARGET tgc::tgc)
    set(tgc_exe $<TARGET_FILE:tgc::tgc>)
    set(tgc_dep tgc::tgc)
  else()
    if(NOT TGC_EXECUTABLE)
      find_program(TGC_EXECUTABLE tgc REQUIRED)
    endif()
    set(tgc_exe ${TGC_EXECUTABLE})
    set(tgc_dep ${TGC_EXECUTABLE})
  endif()
  get_filename_component(graph ${ARG_GRAPH} ABSOLUTE)

  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/${target})
  set(obj ${out_dir}/${target}.o)
  set(hdr ${out_dir}/${target}.h)
  set(args ${graph} -o ${obj} --header ${hdr})
  foreach(fetch ${ARG_FETCH})
    list(APPEND args --fetch ${fetch})
  endforeach()
  foreach(feed ${ARG_FEED})
    list(APPEND args --feed ${feed})
  endforeach()
  if(ARG_CLASS)
    list(APPEND args --class ${ARG_CLASS})
  endif()
  list(APPEND args ${ARG_EXTRA_ARGS})

  file(MAKE_DIRECTORY ${out_dir})
  add_custom_command(
    OUTPUT ${obj} ${hdr}
    COMMAND ${tgc_exe} ${args}
    DEPENDS ${graph} ${tgc_dep}
    COMMENT "tgc: compiling ${ARG_GRAPH} into ${target}.o"
    VERBATIM)
  set_source_files_properties(${obj} PROPERTIES EXTERNAL_OBJECT TRUE
                                                GENERATED TRUE)
  add_library(${target} STATIC ${obj} ${hdr})
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE CXX)
  target_include_directories(${target} PUBLIC ${out_dir})
  if(ARG_STATIC_RUNTIME)
    set(runtime tgc::tgrt_static)
  elseif(TARGET tgc::tgrt)
    set(runtime tgc::tgrt)
  else()
    set(runtime tgrt)
  endif()
  if(NOT TARGET ${runtime})
    message(FATAL_ERROR "tgc_compile_model(${target}): no runtime target "
                        "${runtime}; find_package(tgc) defines it")
  endif()
  target_link_libraries(${target} PUBLIC ${runtime})
endfunction()
