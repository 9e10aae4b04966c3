"""Plans that merge: the three-way merge of a plan's status cells, gates and journal, and git's
merge driver.
"""
