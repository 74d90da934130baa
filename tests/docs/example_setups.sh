# Set-ups of the examples in README.md and man/collab.1 that need more than the sandbox
# (see check_examples.py): a doc block's `example: setup NAME` runs NAME in its shell first.
# They run in the sandbox's directory (a git repository with examples/ in it); a `cd` here
# is where the example's commands start.

# A new records root whose people registry knows the recorder by her e-mail address.
recorder_root() {
  collab -q init records >/dev/null && cd records || return
  cat >> .collab.yaml <<'EOF'
people:
  赵六: {dept: 市场部}
  孙七: {dept: 技术部, email: sunqi@example.com}
  周八: {dept: 仓储部}
EOF
  git add .collab.yaml && git commit -q -m 'people'
}

# In examples/, with a meeting edited by hand and not committed.
hand_edited_meeting() {
  cd examples && printf 'notes: 会后补充\n' >> meetings/M-2024-011.yaml
}

# The meeting of the recorder's session moved to a room, by hand.
moved_to_room() {
  sed -i 's/^location: 腾讯会议$/location: 3号会议室/' meetings/M-2024-001.yaml
}

# A records root whose .collab.yaml has three mistakes.
bad_config() {
  mkdir records && cd records && cat > .collab.yaml <<'EOF'
lang: zh
peeple:
  赵六: {dept: 市场部}
lint:
  vague-wording: {severity: error, add_word: [再议]}
due_soon: soon
EOF
}

# In examples/, switched to English.
examples_in_english() {
  cd examples && sed -i 's/^lang: zh$/lang: en/' .collab.yaml
}

# At the top of a records repository with findings (a CI job's directory).
in_bad_examples() {
  cd examples/bad
}
