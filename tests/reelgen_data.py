"""Small transcripts for the generator's tests: every construct of the markup, and a
reel layout with page turns, a target, a title and a finding aid, without markers."""

ONE_FRAME = """**00042**

**1963/01/15**

REVIEWED BY AB/Kl DATE 1/2/90  
☐ RELEASE ☒ DECLASSIFY  
☒ EXCISE ☐ DENY

~~SECRET~~

MEMORANDUM FOR THE RECORD

SUBJECT: Test of ~~the~~ <sup>a</sup> generator

The committee met at ███████ on Tuesday and the [redacted] reported that ~~clear~~ <sup>clearer</sup> guidance was needed. <sup>further</sup> ~~subsequent~~ steps ~~XXXXXXX~~ followed, and the (b)(1) was noted [illegible] and [maybe?]. The members agreed that the matter should be <sup>promptly</sup> referred to ~~the working group~~ the Secretary, and ~~such~~ such a step was taken the same day.

~~CONFIDENTIAL~~
"""

_PARA = ("Mr. Kuznetsov referred to the query by the US Delegation concerning the fact that the "
         "Soviet ships were going not via the Straits of Florida but via the Bahamas Straits. He "
         "said he wished to draw the attention to the fact that all ships going from Havana must "
         "go at least part of the way through the Straits of Florida.")

REEL = f"""**01117**

**1962/11/08**

SUBJECT: CUBA

{_PARA}

{_PARA} In order to ensure a tranquil situation

in the Caribbean and throughout the world, the US ~~guarantees~~ commitments should follow.

~~CONFIDENTIAL~~

# The Cuban Missile Crisis Revisited

UMI 2005

\t1\t2\t3
A\tTgt\tX\t
B\t\tX\tX

REEL #

C#

DATE

# **The Cuban Missile Crisis Revisited: A Collection**

Published by: ProQuest Information and Learning

## **Technical Data:**

Date of Publication of Microfiche Edition: 2006  
24 x nominal reduction



positions of the Soviet ships carrying missiles and the numbers of missiles on board.
"""
