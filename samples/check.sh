#!/bin/sh
# Layout checks behind "make check" (run from samples/ after a build):
#  - every image: ELF32 ARM, entry 0x40000000 (_start), .data on a page
#    boundary (the pager's loader refuses text and data in one page, §1.5);
#  - bss.elf: .bss starts in the middle of a page and runs past the next
#    page boundary, and bin/bss.expected quotes the image's addresses;
#  - posixtest.elf: the bytes between _start_test_exec and _end_test_exec
#    (in .data) are bin/posixexec.elf, byte for byte;
#  - the Linux builds named in $LINUX_PROGRAMS: ELF32 ARM, entry 0x10000,
#    .data on a page boundary; bin/cpuloop.insns a single number.
set -e
READELF=${READELF:-arm-none-eabi-readelf}
NM=${NM:-arm-none-eabi-nm}

# section_field ELF SECTION N: field N of the section's "readelf -SW" line
# (2 name, 4 address, 5 file offset, 6 size), read after the "[Nr]" bracket is removed.
section_field() {
	"$READELF" -SW "$1" | sed 's/^ *\[ *[0-9]*\]//' |
		awk -v s="$2" -v n="$3" '$1 == s { print $(n - 1) }'
}

# check_image ELF ENTRY
check_image() {
	"$READELF" -h "$1" | grep -q 'Class: *ELF32' || { echo "$1: not ELF32"; exit 1; }
	"$READELF" -h "$1" | grep -q 'Machine: *ARM' || { echo "$1: not ARM"; exit 1; }
	"$READELF" -h "$1" | grep -q "Entry point address: *$2\$" ||
		{ echo "$1: entry is not $2"; exit 1; }
	data=$((0x$(section_field "$1" .data 4)))
	[ $((data % 4096)) -eq 0 ] || { echo "$1: .data not page aligned"; exit 1; }
}

for p in "$@"; do
	check_image bin/$p.elf 0x40000000
done
for p in $LINUX_PROGRAMS; do
	check_image bin/linux/$p.elf 0x10000
done
grep -Eqx '[1-9][0-9]*' bin/cpuloop.insns ||
	{ echo "bin/cpuloop.insns does not hold a single number"; exit 1; }

start=$((0x$(section_field bin/bss.elf .bss 4)))
end=$((start + 0x$(section_field bin/bss.elf .bss 6)))
printf 'bss.elf: .bss 0x%x-0x%x\n' $start $end
[ $((start % 4096)) -ne 0 ] || { echo "bss.elf: .bss starts on a page boundary"; exit 1; }
[ $end -gt $((start - start % 4096 + 2 * 4096)) ] ||
	{ echo "bss.elf: .bss does not span several pages"; exit 1; }

for sym in data_area __bss_start _end; do
	addr=$("$NM" bin/bss.elf | awk -v s=$sym '$3 == s { print $1 }')
	grep -q "0x$addr" bin/bss.expected ||
		{ echo "bin/bss.expected does not show $sym = 0x$addr"; exit 1; }
done
# symbol ELF NAME: the symbol's address, in decimal
symbol() {
	echo $((0x$("$NM" "$1" | awk -v s="$2" '$3 == s { print $1 }')))
}
data_addr=$((0x$(section_field bin/posixtest.elf .data 4)))
data_off=$((0x$(section_field bin/posixtest.elf .data 5)))
from=$(symbol bin/posixtest.elf _start_test_exec)
to=$(symbol bin/posixtest.elf _end_test_exec)
[ $((to - from)) -eq $(wc -c < bin/posixexec.elf) ] ||
	{ echo "posixtest.elf: the embedded image is not the size of bin/posixexec.elf"; exit 1; }
dd if=bin/posixtest.elf bs=1 skip=$((data_off + from - data_addr)) count=$((to - from)) \
	status=none | cmp -s - bin/posixexec.elf ||
	{ echo "posixtest.elf: the embedded image differs from bin/posixexec.elf"; exit 1; }
printf 'posixtest.elf: embeds bin/posixexec.elf at 0x%x (%d bytes)\n' $from $((to - from))
echo "check: all images OK"
