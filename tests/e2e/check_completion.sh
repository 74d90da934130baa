#!/usr/bin/env bash
# The script of `collab completion SHELL` run in the real shell: bash through its completion
# function with COMP_WORDS/COMP_CWORD set, fish through `complete -C`, zsh through the
# completion function with _describe stood in for (no terminal, no zpty), after `zsh -n`.
# usage: check_completion.sh SHELL COLLAB SOURCE_DIR. Skipped (77) when SHELL is not installed.
set -u
shell=$1
collab=$(realpath "$2")
examples=$(realpath "$3/examples")
command -v "$shell" >/dev/null 2>&1 || { echo "$shell is not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/elsewhere"
ln -s "$collab" "$work/bin/collab" # the scripts run the `collab` on PATH
export PATH="$work/bin:$PATH"
"$collab" completion "$shell" > "$work/script" || { echo "collab completion $shell failed"; exit 1; }

status=0
# check WHAT EXPECTED ACTUAL: both compared as sorted lines.
check() {
  local want got
  want=$(printf '%s\n' "$2" | sort)
  got=$(printf '%s\n' "$3" | sort)
  if [ "$want" == "$got" ]; then
    echo "ok: $1"
  else
    printf 'FAIL: %s\n  expected: %s\n  got:      %s\n' "$1" "$(echo $want)" "$(echo $got)"
    status=1
  fi
}

case $shell in
bash)
  cat > "$work/run.bash" <<'EOF'
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_collab
printf '%s\n' "${COMPREPLY[@]}"
EOF
  # reply WORD... : COMPREPLY for the words as bash splits them (the last is completed).
  reply() { (cd "$examples" && bash --norc --noprofile "$work/run.bash" "$work/script" "$@"); }
  check "commands" $'list\nlint' "$(reply collab li)"
  check "options of a subcommand" $'--group-by' "$(reply collab list --gro)"
  check "formats of the command" $'csv\ncsv-plain' "$(reply collab list --format cs)"
  check "formats after = (bash splits the word there)" 'json' "$(reply collab show --format = j)"
  check "statuses with aliases" $'进行中' "$(reply collab list --status 进)"
  check "kinds after new" $'meeting\ntask\nissue\nrequest' "$(reply collab new '')"
  check "ids" $'M-2024-003\nM-2024-007\nM-2024-011' "$(reply collab show M-)"
  check "refs" $'M-2024-007#1\nM-2024-007#2\nM-2024-007#3\nM-2024-007#4' "$(reply collab done M-2024-007#)"
  check "people after --owner" '赵六' "$(reply collab overdue --owner 赵)"
  check "a field's value after key=" '孙七' "$(reply collab set M-2024-007#1 owner = 孙)"
  check "-C honoured" $'M-2024-003\nM-2024-007\nM-2024-011' \
    "$(cd "$work/elsewhere" && bash --norc --noprofile "$work/run.bash" "$work/script" collab -C "$examples" show M-)"
  ;;
fish)
  # reply LINE: the words fish completes the line with (descriptions dropped).
  reply() { (cd "$examples" && fish --no-config -c "source $work/script; complete -C '$1'") | cut -f1; }
  check "commands" $'list\nlint' "$(reply 'collab li')"
  check "options of a subcommand" '--group-by' "$(reply 'collab list --gro')"
  check "formats of the command" $'csv\ncsv-plain' "$(reply 'collab list --format cs')"
  check "statuses with aliases" '进行中' "$(reply 'collab list --status 进')"
  check "refs" $'M-2024-007#1\nM-2024-007#2\nM-2024-007#3\nM-2024-007#4' "$(reply 'collab done M-2024-007#')"
  check "people after --owner" '赵六' "$(reply 'collab overdue --owner 赵')"
  check "-C honoured" $'M-2024-003\nM-2024-007\nM-2024-011' \
    "$(cd "$work/elsewhere" && fish --no-config -c "source $work/script; complete -C 'collab -C $examples show M-'" | cut -f1)"
  check "descriptions" $'M-2024-007#1\t提交最终版设计稿 (赵六)' \
    "$(cd "$examples" && fish --no-config -c "source $work/script; complete -C 'collab done M-2024-007#1'")"
  ;;
zsh)
  zsh -n "$work/script" || { echo "FAIL: zsh -n finds a syntax error"; exit 1; }
  echo "ok: zsh -n"
  cat > "$work/run.zsh" <<'EOF'
source $1
shift
# Stands in for compsys: prints what _collab offers ("word" or "word:description").
_describe() { print -rl -- "${(@P)4}" }
words=("$@")
CURRENT=$#words
_collab
EOF
  reply() { (cd "$examples" && zsh -f "$work/run.zsh" "$work/script" "$@"); }
  check "commands" $'list\nlint' "$(reply collab li | cut -d: -f1)"
  check "formats of the command" $'csv\ncsv-plain' "$(reply collab list --format cs)"
  check "statuses with aliases" '进行中:doing' "$(reply collab list --status 进)"
  check "refs" $'M-2024-007#1:提交最终版设计稿 (赵六)' "$(reply collab done M-2024-007#1)"
  # zsh writes the common prefix back quoted (`M-2024-007\#`): the words are unquoted first.
  check "a word zsh quoted" $'M-2024-007#1\nM-2024-007#2\nM-2024-007#3\nM-2024-007#4' \
    "$(reply collab done 'M-2024-007\#' | cut -d: -f1)"
  check "people after --owner" '赵六' "$(reply collab overdue --owner 赵)"
  check "-C honoured" $'M-2024-003\nM-2024-007\nM-2024-011' \
    "$(cd "$work/elsewhere" && zsh -f "$work/run.zsh" "$work/script" collab -C "$examples" show M-)"
  ;;
*)
  echo "no test for $shell"
  exit 2
  ;;
esac
exit $status
