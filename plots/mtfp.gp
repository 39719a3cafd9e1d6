# MTFP: the savings target against simulated savings (median, P10-P90) by
# contract year, each bar coloured and labelled by its red/amber/green rating.
# Data: label, target, p10, p50, p90, p_meet, colour (RGB), rating and chance as text
# (e.g. "Red 37%", formatted by carecast) (£m).
set title @TITLE@
set ylabel "£m saved in the year"
set boxwidth 0.6
set bmargin 6  # two-line year labels and the key
set xzeroaxis ls 3 lw 1
set key below horizontal font ",10"
set offsets 0, 0, graph 0.12, 0  # room for the labels above the whiskers
# Bars: green light, amber mid, red dark (the rating survives greyscale and
# colour-blindness, and each bar is labelled with it); the target is a black
# ring, never the red of a bar.
plot "@DATA@" using 0:4:7:xtic(1) with boxes lc rgb variable \
         title "Median saving (shade = rating: green light, amber mid, red dark)", \
     "" using 0:4:3:5 with yerrorbars ls 1 pt 0 title "P10-P90", \
     "" using 0:2 with points pt 6 ps 2.4 lw 2.5 lc rgb "#000000" title "Target", \
     "" using 0:5:(stringcolumn(8)) \
        with labels offset 0,1.2 font ",10" notitle
