"""Code behind the policy brief "Souveräne Smart City".

Each module has one job; the README ("Aufbau") lists them and the path of the data through them.
"""
