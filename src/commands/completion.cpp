// `collab completion bash|zsh|fish`: the completion script of a shell. The scripts hold no
// command or option: at every Tab they ask `collab __complete`, which reads them from the
// command line's own description (src/cli/app.cpp) and the records root.
#include "commands/options.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <cstdio>
#include <string_view>

namespace collab::commands {

namespace {

constexpr std::string_view k_bash = R"(# bash completion for collab (`collab completion bash`).
# Install: collab completion bash > ~/.local/share/bash-completion/completions/collab

_collab()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local -a words=() candidates=()
    local i w c prefix
    # bash splits `--format=json` and `owner=x` at COMP_WORDBREAKS: join those words again.
    for (( i = 1; i <= COMP_CWORD; i++ )); do
        w=${COMP_WORDS[i]}
        if (( ${#words[@]} > 0 )) && [[ $w == [=:] || ${words[${#words[@]}-1]} == *[=:] ]]; then
            words[${#words[@]}-1]+=$w
        else
            words+=("$w")
        fi
    done
    (( ${#words[@]} > 0 )) || words=("")
    # What bash replaces is only the part after the last break: drop what precedes it.
    if [[ $cur == [=:] ]]; then
        prefix=${words[${#words[@]}-1]}
    else
        prefix=${words[${#words[@]}-1]%"$cur"}
    fi
    mapfile -t candidates < <(command collab __complete -- "${words[@]}" 2>/dev/null)
    COMPREPLY=()
    for c in "${candidates[@]}"; do
        COMPREPLY+=("${c#"$prefix"}")
    done
    # No space after a folder, a `key=` or a list still being typed.
    if (( ${#COMPREPLY[@]} == 1 )) && [[ ${COMPREPLY[0]} == */ || ${COMPREPLY[0]} == *= || ${COMPREPLY[0]} == *, ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}
complete -F _collab collab
)";

constexpr std::string_view k_zsh = R"(#compdef collab
# zsh completion for collab (`collab completion zsh`).
# Install: collab completion zsh > "${fpath[1]}/_collab" (or any folder of $fpath), then compinit.

# The candidates for the words (without `collab`): `word<TAB>description` lines.
_collab_candidates()
{
    command collab __complete --describe -- "$@" 2>/dev/null
}

_collab()
{
    local line word
    local -a spaced joined
    # The words as typed, unquoted (zsh writes `M-2024-007\#` back into the line).
    for line in "${(@f)$(_collab_candidates "${(@Q)words[2,CURRENT]}")}"; do
        [[ -n $line ]] || continue
        word=${line%%$'\t'*}
        word=${word//:/\\:}
        [[ $line == *$'\t'* ]] && word+=":${line#*$'\t'}"
        # No space after a folder, a `key=` or a list still being typed.
        if [[ ${line%%$'\t'*} == */ || ${line%%$'\t'*} == *= || ${line%%$'\t'*} == *, ]]; then
            joined+=("$word")
        else
            spaced+=("$word")
        fi
    done
    local ret=1
    (( ${#spaced} )) && _describe -t values collab spaced && ret=0
    (( ${#joined} )) && _describe -t values collab joined -S '' && ret=0
    return ret
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _collab "$@"
elif (( $+functions[compdef] )); then
    compdef _collab collab
fi
)";

constexpr std::string_view k_fish = R"(# fish completion for collab (`collab completion fish`).
# Install: collab completion fish > ~/.config/fish/completions/collab.fish

function __collab_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    command collab __complete --describe -- $words[2..-1] "$current" 2>/dev/null
end

complete -c collab -f -a '(__collab_complete)'
)";

} // namespace

int run_completion(const GlobalOptions&, const CompletionOptions& o)
{
  const std::string_view script = o.shell == "bash" ? k_bash : o.shell == "zsh" ? k_zsh : o.shell == "fish" ? k_fish : "";
  if (script.empty())
    throw util::usage_error(util::i18n::trf("no completion for the shell `{}`; use bash, zsh or fish", o.shell));
  std::fwrite(script.data(), 1, script.size(), stdout);
  return 0;
}

} // namespace collab::commands
