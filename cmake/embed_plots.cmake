# Writes OUTPUT, a C file holding every gnuplot template in PLOTS_DIR as a
# NUL-terminated byte array, and cc_plot_template(name) to look one up.
# Run at build time (see CMakeLists.txt), so editing plots/ rebuilds.
file(GLOB templates "${PLOTS_DIR}/*.gp")
list(SORT templates)
set(code "/* Generated from the gnuplot templates in plots/ by cmake/embed_plots.cmake: do not edit. */\n")
string(APPEND code "#include <stddef.h>\n#include <string.h>\n\n#include \"output/output_internal.h\"\n\n")
set(table "")
foreach(path IN LISTS templates)
  get_filename_component(name "${path}" NAME_WE)
  file(READ "${path}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND code "static const unsigned char template_${name}[] = {${bytes}0x00};\n")
  string(APPEND table "        {\"${name}\", (const char *)template_${name}},\n")
endforeach()
string(APPEND code "
const char *cc_plot_template(const char *name)
{
    static const struct {
        const char *name;
        const char *text;
    } templates[] = {
${table}    };
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++)
        if (strcmp(templates[i].name, name) == 0)
            return templates[i].text;
    return NULL;
}
")
file(WRITE "${OUTPUT}.tmp" "${code}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
