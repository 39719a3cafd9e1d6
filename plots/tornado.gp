# Tornado chart: how far the output moves when each parameter goes from its
# low to its high value, one at a time (common random numbers), largest first.
# Data: label, output at low minus base, output at high minus base (sorted).
set title @TITLE@
set xlabel @XLABEL@
set ytics nomirror
set grid xtics ytics
set key below horizontal font ",10"
set bmargin 5
set yrange [-0.6:*] reverse
set style fill solid 0.85 noborder
set xzeroaxis
set offsets 0, 0, 0.4, 0.4
plot "@DATA@" using (0):0:($2 < 0 ? $2 : 0):($2 < 0 ? 0 : $2):($0 - 0.35):($0 + 0.35):ytic(1) \
         with boxxyerror fc rgb "#6baed6" title "parameter at its low value", \
     "" using (0):0:($3 < 0 ? $3 : 0):($3 < 0 ? 0 : $3):($0 - 0.2):($0 + 0.2) \
         with boxxyerror fc rgb "#08306b" title "parameter at its high value"
