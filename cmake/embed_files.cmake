# Writes OUTPUT, a C file holding every file of DIR matching PATTERN as a
# NUL-terminated byte array, and `const char *FUNCTION(const char *name)` to
# look one up by NAME (the file name, without its extension when STEM_ONLY is
# ON). HEADER is the header that declares FUNCTION. Run at build time (see
# CMakeLists.txt), so editing the files rebuilds: this is how the gnuplot
# templates of plots/ and the page of src/serve/assets/ are compiled into the
# program, which then needs no data files at run time.
file(GLOB files "${DIR}/${PATTERN}")
list(SORT files)
set(code "/* Generated from ${PATTERN} in ${DIR} by cmake/embed_files.cmake: do not edit. */\n")
string(APPEND code "#include <stddef.h>\n#include <string.h>\n\n#include \"${HEADER}\"\n\n")
set(table "")
set(i 0)
foreach(path IN LISTS files)
  if(STEM_ONLY)
    get_filename_component(name "${path}" NAME_WE)
  else()
    get_filename_component(name "${path}" NAME)
  endif()
  file(READ "${path}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND code "static const unsigned char file_${i}[] = {${bytes}0x00};\n")
  string(APPEND table "        {\"${name}\", (const char *)file_${i}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND code "
const char *${FUNCTION}(const char *name)
{
    static const struct {
        const char *name;
        const char *text;
    } files[] = {
${table}    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (strcmp(files[i].name, name) == 0)
            return files[i].text;
    return NULL;
}
")
file(WRITE "${OUTPUT}.tmp" "${code}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
