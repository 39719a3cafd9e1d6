# carecast chart style, shared by every chart: one look across the set, and
# readable in greyscale print (series differ by dash pattern, point shape and
# lightness as well as hue). carecast copies this into each chart's script.
set encoding utf8
set border 3 lw 1 lc rgb "#444444"
set tics nomirror textcolor rgb "#333333"
set grid ytics lc rgb "#dddddd" lw 1 dt 1
set key top left noopaque nobox samplen 2.5 spacing 1.1
set title font ",14"
set style line 1 lc rgb "#08306b" lw 2.5 dt 1 pt 7 ps 0.9   # the forecast (median)
set style line 2 lc rgb "#a50f15" lw 2 dt 2 pt 5 ps 0.9     # what it is measured against
set style line 3 lc rgb "#525252" lw 2 dt 4 pt 9 ps 1.0     # a third series
set style line 4 lc rgb "#238b45" lw 2 dt 3 pt 13 ps 1.0    # a fourth series
set style line 11 lc rgb "#c6dbef"                          # outer range (P5-P95, P10-P90)
set style line 12 lc rgb "#6baed6"                          # inner range (P25-P75)
set style fill solid 1.0 noborder
# Sequential fills from light to dark for stacked areas (greyscale-safe).
array area[10] = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", \
                  "#2171b5", "#08519c", "#08306b", "#062a5e", "#041f4a"]
